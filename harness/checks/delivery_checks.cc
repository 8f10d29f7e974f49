#include "harness/checks/delivery_checks.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>

#include "harness/checks/srcset.h"
#include "mocks/asset_json.h"
#include "mocks/transformation.h"
#include "mocks/url_signature.h"

namespace cldcert {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_http_url(std::string_view s) {
  std::string head = lower(s.substr(0, 8));
  return head.starts_with("http://") || head.starts_with("https://");
}

struct UrlParts {
  std::string scheme;  // "https"
  std::string host;    // lower case, without the port
  std::string path;    // from the first '/', without query and fragment; "/" when empty
};

UrlParts split_url(std::string_view url) {
  UrlParts out;
  const std::size_t scheme_end = url.find("://");
  out.scheme = lower(url.substr(0, scheme_end));
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  out.host = lower(authority.substr(0, authority.find(':')));
  out.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  return out;
}

bool is_cloudinary_host(const std::string& host) {
  return host == "cloudinary.com" || host.ends_with(".cloudinary.com");
}

// res.cloudinary.com/<cloud>/…, or the cloud's private CDN host <cloud>-res[-N].cloudinary.com.
bool on_delivery_host_of(const UrlParts& parts, const std::string& cloud) {
  if (cloud.empty()) return false;
  if (parts.host == mock::kDeliveryHost) return parts.path.starts_with("/" + cloud + "/");
  return parts.host.starts_with(lower(cloud) + "-res") && parts.host.ends_with(".cloudinary.com");
}

std::string last_segment(const std::string& path) {
  std::string_view p = path;
  while (p.ends_with('/')) p.remove_suffix(1);
  const std::size_t slash = p.rfind('/');
  return std::string(slash == std::string_view::npos ? p : p.substr(slash + 1));
}

void collect(const StepRecord& step, const nlohmann::json& value, const std::string& field, std::vector<PrintedUrl>& out) {
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

// A printed URL on a Cloudinary host that parses as a delivery URL (others are R1's business).
struct CloudinaryUrl {
  PrintedUrl printed;
  mock::DeliveryUrl parsed;
};

std::vector<CloudinaryUrl> cloudinary_urls(const std::vector<StepRecord>& steps) {
  std::vector<CloudinaryUrl> out;
  for (auto& p : printed_urls(steps)) {
    if (!is_cloudinary_host(split_url(p.url).host)) continue;
    auto parsed = mock::parse_delivery_url(p.url, nullptr, p.step->cloud);
    if (parsed) out.push_back(CloudinaryUrl{std::move(p), std::move(*parsed)});
  }
  return out;
}

Evidence url_evidence(const PrintedUrl& p, const std::string& why = "") {
  return Evidence{"step", step_ref(*p.step), p.field + ": " + p.url + (why.empty() ? "" : " — " + why)};
}


// "s--…--/<transformation>/v<version>/<public_id>.<format>" rebuilt from a parsed URL, with
// `extra` chained after the URL's own transformation.
std::string rebuild(const std::string& scheme, const std::string& host, const mock::DeliveryUrl& u,
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

// The steps whose URLs reach a visitor: what the integration built to deliver, not Cloudinary's
// own upload response that an upload step echoes.
bool delivering_step(const StepRecord& step) { return step.action == "deliver" || step.action == "page"; }

}  // namespace

std::vector<PrintedUrl> printed_urls(const std::vector<StepRecord>& steps) {
  std::vector<PrintedUrl> out;
  for (const auto& step : steps) collect(step, step.last_json, "", out);
  return out;
}

CheckResult check_delivery_host(const CheckInput& input) {
  auto urls = printed_urls(input.steps);
  if (urls.empty()) return skipped_check("delivery.host", "the integration printed no delivery URL in this scenario");
  CheckResult r;
  r.id = "delivery.host";
  r.expected = "every printed URL on https://res.cloudinary.com/<cloud of the step>/…";
  std::size_t bad = 0;
  for (const auto& p : urls) {
    const UrlParts parts = split_url(p.url);
    const std::string& cloud = p.step->cloud;
    if (on_delivery_host_of(parts, cloud)) continue;
    std::string why;
    if (parts.host == mock::kDeliveryHost) {
      auto parsed = mock::parse_delivery_url(p.url);
      why = "delivered from cloud '" + (parsed ? parsed->cloud : last_segment(parts.path)) + "', not the step's cloud '" +
            cloud + "'";
    } else {
      why = "on host " + parts.host + ", not " + mock::kDeliveryHost + "/" + cloud;
    }
    if (bad == 0) {
      r.seen = step_ref(*p.step) + " printed " + p.field + " " + p.url + " (" + why + ")";
      auto parsed = mock::parse_delivery_url(p.url, nullptr, cloud);
      if (parsed && is_cloudinary_host(parts.host)) {
        parsed->cloud = cloud;
        r.near_miss = rebuild("https", mock::kDeliveryHost, *parsed, "");
      } else {
        r.near_miss = "https://" + std::string(mock::kDeliveryHost) + "/" + cloud + "/image/upload/" +
                      last_segment(parts.path);
      }
    }
    ++bad;
    r.evidence.push_back(url_evidence(p, why));
  }
  return conclude(std::move(r), bad, urls.size(), "printed URL(s)",
                  std::string("all delivered from ") + mock::kDeliveryHost, "are not delivered from Cloudinary",
                  "Deliver assets from Cloudinary: print and embed the SDK's URL (cloudinary.url(public_id, …)) instead "
                  "of copying the file to the platform's own storage or CDN.");
}

CheckResult check_delivery_signed_restricted(const CheckInput& input) {
  std::vector<CloudinaryUrl> restricted;
  for (auto& u : cloudinary_urls(input.steps)) {
    if (u.parsed.type == "private" || u.parsed.type == "authenticated") restricted.push_back(std::move(u));
  }
  if (restricted.empty()) {
    return skipped_check("delivery.signed_restricted", "no delivery URL of a private or authenticated asset was printed");
  }
  CheckResult r;
  r.id = "delivery.signed_restricted";
  r.expected = "an s--…-- signature made with the API secret of the step's cloud on every private or authenticated URL";
  std::size_t bad = 0;
  for (const auto& u : restricted) {
    const std::string& step_cloud = u.printed.step->cloud;
    const mock::Cloud* cloud = input.accounts.find_cloud(step_cloud.empty() ? u.parsed.cloud : step_cloud);
    std::string why;
    if (u.parsed.signature.empty()) {
      why = "unsigned URL for a" + std::string(u.parsed.type == "private" ? " private" : "n authenticated") + " asset";
    } else if (!cloud) {
      why = "signed URL for cloud '" + u.parsed.cloud + "', which is none of the run's clouds";
    } else if (!mock::verify_url_signature(u.parsed.signature, u.parsed.signed_text, cloud->api_secret,
                                           cloud->signature_algorithm)) {
      why = "the signature s--" + u.parsed.signature + "-- does not match " + u.parsed.signed_text +
            " signed with the secret of cloud '" + cloud->cloud_name + "'";
      for (const auto& account : input.accounts.accounts) {
        for (const auto& other : account.clouds) {
          if (&other == cloud) continue;
          if (mock::verify_url_signature(u.parsed.signature, u.parsed.signed_text, other.api_secret,
                                         other.signature_algorithm)) {
            why += " (it was signed with the secret of cloud '" + other.cloud_name + "')";
          }
        }
      }
    } else {
      continue;
    }
    if (bad == 0) r.seen = step_ref(*u.printed.step) + " printed " + u.printed.url + ": " + why;
    ++bad;
    r.evidence.push_back(url_evidence(u.printed, why));
  }
  return conclude(std::move(r), bad, restricted.size(), "private/authenticated URL(s)", "all correctly signed",
                  "are not correctly signed",
                  "Build private and authenticated URLs with sign_url: true (Node: cloudinary.url(id, {type: 'private', "
                  "sign_url: true})); the SDK signs with the configured cloud's secret, server-side.");
}

CheckResult check_transformation_optimized(const CheckInput& input) {
  std::vector<CloudinaryUrl> images;
  for (auto& u : cloudinary_urls(input.steps)) {
    if (u.parsed.resource_type == "image" && delivering_step(*u.printed.step)) images.push_back(std::move(u));
  }
  if (images.empty()) return skipped_check("transformation.optimized", "no image delivery URL was printed");
  CheckResult r;
  r.id = "transformation.optimized";
  r.expected = "f_auto and q_auto in the transformation of every image delivery URL";
  std::size_t bad = 0;
  for (const auto& u : images) {
    auto t = mock::parse_transformation(u.parsed.transformation_text);
    std::string why;
    if (auto* e = std::get_if<mock::TransformationError>(&t)) {
      why = "the transformation does not parse: " + e->message;
    } else {
      const auto& tr = std::get<mock::Transformation>(t);
      std::vector<std::string> missing;
      if (!tr.has("f", "auto")) missing.push_back("f_auto");
      if (!tr.has("q", "auto")) missing.push_back("q_auto");
      if (missing.empty()) continue;
      why = "no " + missing[0] + (missing.size() > 1 ? " and no " + missing[1] : "");
    }
    if (bad == 0) {
      r.seen = step_ref(*u.printed.step) + " printed " + u.printed.url + " (" + why + ")";
      const UrlParts parts = split_url(u.printed.url);
      r.near_miss = rebuild(parts.scheme, parts.host, u.parsed, "f_auto,q_auto");
    }
    ++bad;
    r.evidence.push_back(url_evidence(u.printed, why));
  }
  return conclude(std::move(r), bad, images.size(), "image delivery URL(s)", "all with f_auto,q_auto",
                  "lack f_auto,q_auto",
                  "Add automatic format and quality by default (Node: cloudinary.url(id, {fetch_format: 'auto', quality: "
                  "'auto'})), unless the user picked a format or quality.");
}

}  // namespace cldcert
