#include "harness/checks/printed_urls.h"

#include <algorithm>
#include <cctype>

#include "harness/checks/srcset.h"
#include "mocks/asset_json.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

void collect(const StepRecord& step, const nlohmann::json& value, const std::string& field,
             std::vector<PrintedUrl>& out) {
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (!is_http_url(s)) return;
    if (s.find_first_of(" \t") == std::string::npos) {
      out.push_back(PrintedUrl{&step, field, s});
      return;
    }
    // A srcset ("URL 200w, URL 480w"): each candidate's URL is a delivery URL of its own.
    for (const auto& candidate : srcset_candidates(s)) out.push_back(PrintedUrl{&step, field, candidate.url});
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.items()) collect(step, item, field.empty() ? key : field + "/" + key, out);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) collect(step, value[i], field + "/" + std::to_string(i), out);
  }
}

}  // namespace

bool is_http_url(std::string_view s) {
  std::string head = text::lower(s.substr(0, 8));
  return head.starts_with("http://") || head.starts_with("https://");
}

UrlParts split_url(std::string_view url) {
  UrlParts out;
  const std::size_t scheme_end = url.find("://");
  out.scheme = text::lower(url.substr(0, scheme_end));
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  out.host = text::lower(authority.substr(0, authority.find(':')));
  out.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  return out;
}

std::optional<std::string> delivery_host_target(std::string_view url) {
  for (std::string_view scheme : {"https://", "http://"}) {
    const std::string prefix = std::string(scheme) + mock::kDeliveryHost + "/";
    if (!url.starts_with(prefix)) continue;
    std::string_view target = url.substr(prefix.size() - 1);
    return std::string(target.substr(0, target.find('#')));
  }
  return std::nullopt;
}

bool is_cloudinary_host(const std::string& host) {
  return host == "cloudinary.com" || host.ends_with(".cloudinary.com");
}

std::vector<PrintedUrl> printed_urls(const std::vector<StepRecord>& steps) {
  std::vector<PrintedUrl> out;
  for (const auto& step : steps) collect(step, step.last_json, "", out);
  return out;
}

std::vector<CloudinaryUrl> cloudinary_urls(const std::vector<StepRecord>& steps) {
  std::vector<CloudinaryUrl> out;
  for (auto& p : printed_urls(steps)) {
    if (!is_cloudinary_host(split_url(p.url).host)) continue;
    auto parsed = mock::parse_delivery_url(p.url, nullptr, p.step->cloud);
    if (parsed) out.push_back(CloudinaryUrl{std::move(p), std::move(*parsed)});
  }
  return out;
}

Evidence url_evidence(const PrintedUrl& p, const std::string& why) {
  return Evidence{"step", step_ref(*p.step), p.field + ": " + p.url + (why.empty() ? "" : " — " + why)};
}

bool delivering_step(const StepRecord& step) { return step.action == "deliver" || step.action == "page"; }

std::string delivery_url_with(const std::string& scheme, const std::string& host, const mock::DeliveryUrl& u,
                              const std::string& extra) {
  std::string out = scheme + "://" + host + "/";
  if (host == mock::kDeliveryHost) out += u.cloud + "/";
  out += u.resource_type + "/" + u.type + "/";
  if (!u.signature.empty()) out += "s--…--/";
  if (!u.transformation_text.empty()) out += u.transformation_text + "/";
  if (!extra.empty()) out += extra + "/";
  if (u.version) out += "v" + std::to_string(*u.version) + "/";
  out += u.public_id;
  if (!u.format.empty()) out += "." + u.format;
  return out;
}

}  // namespace cldcert
