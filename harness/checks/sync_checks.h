// Sync (R5) judged on the cloud's resulting state: what the integration deleted is gone from
// the mock's store, whatever the integration printed or exited with.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

CheckResult check_sync_delete(const CheckInput& input);

}  // namespace cldcert
