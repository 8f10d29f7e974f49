// What the network front saw of the integration's connections (--network proxy or sandbox): network.egress (no
// host but Cloudinary's and the expected ones) and network.tls_verified (no certificate taken unverified).
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

CheckResult check_network_egress(const CheckInput& input);
CheckResult check_network_tls_verified(const CheckInput& input);

}  // namespace cldcert
