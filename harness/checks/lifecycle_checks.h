// The lifecycle actions (B1) judged on the lifecycle scenario's install, update and uninstall
// steps, the health runs after them (cldcert.health) and the snapshots around the second uninstall.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

// B1: install, update and uninstall exit 0, the platform is healthy after install and update, and
// a second uninstall exits 0 and changes nothing.
CheckResult check_lifecycle_actions(const CheckInput& input);

}  // namespace cldcert
