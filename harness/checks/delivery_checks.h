// R1, R3 and P6 on the delivery URLs an integration printed (the string fields of each step's
// last-line JSON that are http(s) URLs): served from Cloudinary's delivery host for the step's
// cloud, signed for private and authenticated assets, optimised with f_auto,q_auto.
#pragma once

#include <string>
#include <vector>

#include "harness/checks/check.h"

namespace cldcert {

// One http(s) URL found in a step's last_json; `field` is where ("url", "items/0/secure_url").
struct PrintedUrl {
  const StepRecord* step = nullptr;
  std::string field;
  std::string url;
};

// Every http(s) URL in the steps' last_json, walking nested objects and arrays, in step order.
std::vector<PrintedUrl> printed_urls(const std::vector<StepRecord>& steps);

CheckResult check_delivery_host(const CheckInput& input);
CheckResult check_delivery_signed_restricted(const CheckInput& input);
CheckResult check_transformation_optimized(const CheckInput& input);

}  // namespace cldcert
