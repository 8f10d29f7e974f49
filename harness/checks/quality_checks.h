// P2, report-only: what the integration's repository shows of its code quality (its own tests run
// and pass, a linter and a CI configuration). Evidence, not a verdict on taste: recommended, never a failure.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

CheckResult check_quality_evidence(const CheckInput& input);

}  // namespace cldcert
