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
    if (split_url(u.printed.url).host != mock::kDeliveryHost || !asked.insert(u.printed.url).second) continue;
    // The path and query as printed (an SDK's ?_a= analytics parameter included): the URL a visitor asks for.
    const std::size_t scheme_end = u.printed.url.find("://");
    const std::size_t path_start = u.printed.url.find('/', scheme_end + 3);
    std::string target = u.printed.url.substr(path_start);
    if (const std::size_t hash = target.find('#'); hash != std::string::npos) target.resize(hash);
    mock::HttpResponse answer = upstream.call(upstream_head("HEAD", std::move(target)));
    out.push_back({p.cloud, p.signed_text, p.signature, answer.status});
  }
  return out;
}

}  // namespace cldcert::live
