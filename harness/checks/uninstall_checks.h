// Uninstall (B4) judged on host-platform snapshots before install and after uninstall
// (cldcert.snapshot) and the health run after uninstall (cldcert.health) of the lifecycle scenario.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

// B4: after uninstall nothing the integration added remains and no file newly mentions Cloudinary.
CheckResult check_uninstall_clean(const CheckInput& input);
// B4: pre-existing non-Cloudinary files are back as they were and the platform is healthy.
CheckResult check_uninstall_untouched(const CheckInput& input);

}  // namespace cldcert
