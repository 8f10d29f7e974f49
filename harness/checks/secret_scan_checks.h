// T1's static part: the run's secrets must not be in the integration's source, git history,
// shipped artifacts or logs, judged from cldcert.scan_secrets outputs and the steps' output leaks.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

CheckResult check_secret_source(const CheckInput& input);
CheckResult check_secret_history(const CheckInput& input);
CheckResult check_secret_artifact(const CheckInput& input);
// Log files (cldcert.scan_secrets where=logs) and what every step printed, before redaction.
CheckResult check_secret_logs(const CheckInput& input);

}  // namespace cldcert
