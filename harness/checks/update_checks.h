// Update (B1) judged on the platform state host.state printed (the plugin's settings) in the
// snapshots around the lifecycle scenario's update step.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

// B1: the platform state (host.state: the plugin's settings) is the same before and after update.
CheckResult check_update_keeps_settings(const CheckInput& input);

}  // namespace cldcert
