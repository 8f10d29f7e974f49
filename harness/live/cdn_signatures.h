// A live run asks the CDN about each signed private/authenticated URL the integration printed (a HEAD,
// before the scenario's assets are deleted): the CDN's answer, not cldcert's own arithmetic, judges R3 live.
#pragma once

#include <vector>

#include "harness/checks/check.h"
#include "harness/checks/secret_record.h"
#include "harness/live/upstream_forwarder.h"

namespace cldcert::live {

// One HEAD per distinct signed private/authenticated URL on res.cloudinary.com in `steps` (a private CDN
// host's URL is not asked: the forwarder reaches only the shared host), in print order.
std::vector<CdnAnswer> ask_cdn_about_signed_urls(const UpstreamForwarder& upstream,
                                                 const std::vector<StepRecord>& steps);

}  // namespace cldcert::live
