// R17 on what each step sent while the integration was disabled (nothing) and after it was
// enabled again (the next upload reaches Cloudinary).
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

CheckResult check_integration_disabled(const CheckInput& input);

}  // namespace cldcert
