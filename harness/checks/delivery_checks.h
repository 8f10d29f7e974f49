// R1, R3 and R4 on the delivery URLs an integration printed (the string fields of each step's
// last-line JSON that are http(s) URLs): served from Cloudinary's delivery host for the step's
// cloud, signed for private and authenticated assets, fetch URLs for remote assets.
#pragma once

#include <string>
#include <vector>

#include "harness/checks/check.h"
#include "harness/checks/printed_urls.h"

namespace cldcert {

CheckResult check_delivery_host(const CheckInput& input);
CheckResult check_delivery_signed_restricted(const CheckInput& input);
// R4: a fetch delivery's URL is /<cloud>/<type>/fetch/…/<remote URL> naming the remote URL asked for.
CheckResult check_delivery_fetch(const CheckInput& input);

}  // namespace cldcert
