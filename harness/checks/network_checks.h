// network.egress: the integration calls no host but Cloudinary's (and the manifest's expected hosts),
// judged on the connections the network front refused (--network proxy; the sandbox later).
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

CheckResult check_network_egress(const CheckInput& input);

}  // namespace cldcert
