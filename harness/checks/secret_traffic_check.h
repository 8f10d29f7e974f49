// T1 (traffic part): the API secret appears in no request the integration sent — not in a
// parameter, URL, header or body — except server-side Basic auth to the Admin API.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

CheckResult check_secret_traffic(const CheckInput& input);

}  // namespace cldcert
