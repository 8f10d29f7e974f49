// T1 where a secret rests or is shown: the run's secrets must not be in the integration's source,
// git history, shipped artifacts or logs (cldcert.scan_secrets outputs and the steps' output
// leaks), nor anywhere in the browser (cldcert.browse). The traffic part is secret_traffic_check.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

CheckResult check_secret_source(const CheckInput& input);
CheckResult check_secret_history(const CheckInput& input);
CheckResult check_secret_artifact(const CheckInput& input);
// Log files (cldcert.scan_secrets where=logs) and what every step printed, before redaction.
CheckResult check_secret_logs(const CheckInput& input);
// No secret in any page, script, response, DOM, storage, cookie or widget option.
CheckResult check_secret_client_side(const CheckInput& input);

}  // namespace cldcert
