// Install, update and uninstall (B1, B4) judged on host-platform snapshots (cldcert.snapshot),
// health runs (cldcert.health) and the lifecycle steps' records of the lifecycle scenario.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

// B1: install, update and uninstall exit 0, the platform is healthy after install and update, and
// a second uninstall exits 0 and changes nothing.
CheckResult check_lifecycle_actions(const CheckInput& input);
// B4: after uninstall nothing the integration added remains and no file newly mentions Cloudinary.
CheckResult check_uninstall_clean(const CheckInput& input);
// B4: pre-existing non-Cloudinary files are back as they were and the platform is healthy.
CheckResult check_uninstall_untouched(const CheckInput& input);
// B1: the platform state (host.state: the plugin's settings) is the same before and after update.
CheckResult check_update_keeps_settings(const CheckInput& input);

}  // namespace cldcert
