#include "harness/live/cdn_signatures.h"

#include <set>
#include <string>

#include "harness/checks/printed_urls.h"
#include "mocks/asset_json.h"

namespace cldcert::live {

std::vector<CdnAnswer> ask_cdn_about_signed_urls(const UpstreamForwarder& upstream,
                                                 const std::vector<StepRecord>& steps) {
  std::vector<CdnAnswer> out;
  std::set<std::string> asked;
  for (const auto& u : cloudinary_urls(steps)) {
    const auto& p = u.parsed;
    if ((p.type != "private" && p.type != "authenticated") || p.signature.empty()) continue;
    // The path and query as printed (an SDK's ?_a= analytics parameter included): the URL a visitor asks for.
    std::optional<std::string> target = delivery_host_target(u.printed.url);
    if (!target || !asked.insert(u.printed.url).second) continue;
    const auto answer = upstream.fetch(upstream_head("HEAD", std::move(*target), {{"User-Agent", kLiveUserAgent}}), 0);
    out.push_back({p.cloud, p.signed_text, p.signature, answer.failure.empty() ? answer.response.status : 0});
  }
  return out;
}

}  // namespace cldcert::live
