#include "harness/checks/delivery_checks.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>

#include "harness/checks/printed_urls.h"
#include "mocks/asset_json.h"
#include "mocks/transformation.h"
#include "mocks/url_signature.h"

namespace cldcert {
namespace {

// res.cloudinary.com/<cloud>/…, or the cloud's private CDN host <cloud>-res[-N].cloudinary.com.
bool on_delivery_host_of(const UrlParts& parts, const std::string& cloud) {
  if (cloud.empty()) return false;
  if (parts.host == mock::kDeliveryHost) return parts.path.starts_with("/" + cloud + "/");
  return parts.host.starts_with(ascii_lower(cloud) + "-res") && parts.host.ends_with(".cloudinary.com");
}

std::string last_segment(const std::string& path) {
  std::string_view p = path;
  while (p.ends_with('/')) p.remove_suffix(1);
  const std::size_t slash = p.rfind('/');
  return std::string(slash == std::string_view::npos ? p : p.substr(slash + 1));
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

}  // namespace

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
  // A transformation that does not parse is transformation.valid's finding (R9), not this one's.
  std::vector<std::pair<CloudinaryUrl, mock::Transformation>> images;
  for (auto& u : cloudinary_urls(input.steps)) {
    if (u.parsed.resource_type != "image" || !delivering_step(*u.printed.step)) continue;
    auto t = mock::parse_transformation(u.parsed.transformation_text);
    if (auto* parsed = std::get_if<mock::Transformation>(&t)) images.emplace_back(std::move(u), std::move(*parsed));
  }
  if (images.empty()) return skipped_check("transformation.optimized", "no image delivery URL was printed");
  CheckResult r;
  r.id = "transformation.optimized";
  r.expected = "f_auto and q_auto in the transformation of every image delivery URL";
  std::size_t bad = 0;
  for (const auto& [u, tr] : images) {
    std::vector<std::string> missing;
    if (!tr.has("f", "auto")) missing.push_back("f_auto");
    if (!tr.has("q", "auto")) missing.push_back("q_auto");
    if (missing.empty()) continue;
    std::string why = "no " + missing[0] + (missing.size() > 1 ? " and no " + missing[1] : "");
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

CheckResult check_delivery_fetch(const CheckInput& input) {
  CheckResult r;
  r.id = "delivery.fetch";
  r.expected = "a fetch URL (https://res.cloudinary.com/<cloud>/image/fetch/…/<remote URL>) for the remote URL asked for";
  std::size_t total = 0, bad = 0;
  auto urls = printed_urls(input.steps);
  for (const auto& step : input.steps) {
    if (step.action != "deliver" || step_arg(step, "type") != "fetch") continue;
    ++total;
    const std::string remote = step_arg(step, "public_id");
    std::string why, printed;
    const PrintedUrl* seen = nullptr;
    for (const auto& p : urls) {
      if (p.step == &step) seen = &p;
    }
    if (!seen) {
      why = "printed no URL for the remote " + remote;
    } else {
      printed = seen->url;
      std::string error;
      auto parsed = mock::parse_delivery_url(printed, &error, step.cloud);
      if (!parsed) {
        why = "printed " + printed + ", which is not a delivery URL: " + error;
      } else if (parsed->type != "fetch") {
        why = "printed a '" + parsed->type + "' URL, " + printed + ", for the remote " + remote;
      } else if (parsed->public_id != remote) {
        why = "printed a fetch URL naming '" + parsed->public_id + "', not the remote " + remote;
      } else {
        continue;
      }
    }
    if (bad++ == 0) {
      r.seen = step_ref(step) + " " + why;
      r.near_miss = "https://" + std::string(mock::kDeliveryHost) + "/" + step.cloud + "/image/fetch/f_auto,q_auto/" + remote;
    }
    r.evidence.push_back(seen ? url_evidence(*seen, why) : step_evidence(step, why));
  }
  if (total == 0) return skipped_check(r.id, "no deliver step asked for a fetch URL");
  return conclude(std::move(r), bad, total, "fetch delivery(ies)", "each a well-formed fetch URL of the remote asset",
                  "are not fetch URLs of the remote asset",
                  "Build remote assets' URLs with type 'fetch' (Node: cloudinary.url(remoteUrl, {type: 'fetch'})), so "
                  "Cloudinary fetches, caches and transforms the original instead of treating the URL as a public id.");
}

}  // namespace cldcert
