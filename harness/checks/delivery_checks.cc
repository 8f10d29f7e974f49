#include "harness/checks/delivery_checks.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>

#include "harness/checks/printed_urls.h"
#include "harness/checks/secret_record.h"
#include "mocks/asset_json.h"
#include "mocks/text.h"
#include "mocks/transformation.h"

namespace cldcert {
namespace {

// res.cloudinary.com/<cloud>/…, or the cloud's private CDN host <cloud>-res[-N].cloudinary.com.
bool on_delivery_host_of(const UrlParts& parts, const std::string& cloud) {
  if (cloud.empty()) return false;
  if (parts.host == mock::kDeliveryHost) return parts.path.starts_with("/" + cloud + "/");
  return parts.host.starts_with(text::lower(cloud) + "-res") && parts.host.ends_with(".cloudinary.com");
}

std::string last_segment(const std::string& path) {
  std::string_view p = path;
  while (p.ends_with('/')) p.remove_suffix(1);
  const std::size_t slash = p.rfind('/');
  return std::string(slash == std::string_view::npos ? p : p.substr(slash + 1));
}

}  // namespace

CheckResult check_delivery_host(const CheckInput& input) {
  auto urls = printed_urls(input.steps);
  if (urls.empty()) return skipped_check("the integration printed no delivery URL in this scenario");
  Findings f("every printed URL on https://res.cloudinary.com/<cloud of the step>/…");
  for (const auto& p : urls) {
    const UrlParts parts = split_url(p.url);
    const std::string& cloud = p.step->cloud;
    if (on_delivery_host_of(parts, cloud)) continue;
    std::string why;
    if (parts.host == mock::kDeliveryHost) {
      auto parsed = mock::parse_delivery_url(p.url);
      why = "delivered from cloud '" + (parsed ? parsed->cloud : last_segment(parts.path)) +
            "', not the step's cloud '" + cloud + "'";
    } else {
      why = "on host " + parts.host + ", not " + mock::kDeliveryHost + "/" + cloud;
    }
    if (f.add(step_ref(*p.step) + " printed " + p.field + " " + p.url + " (" + why + ")", url_evidence(p, why))) {
      auto parsed = mock::parse_delivery_url(p.url, nullptr, cloud);
      if (parsed && is_cloudinary_host(parts.host)) {
        parsed->cloud = cloud;
        f.closest(delivery_url_with("https", mock::kDeliveryHost, *parsed, ""));
      } else {
        f.closest("https://" + std::string(mock::kDeliveryHost) + "/" + cloud + "/image/upload/" +
                  last_segment(parts.path));
      }
    }
  }
  return f.conclude(
      urls.size(), "printed URL(s)", std::string("all delivered from ") + mock::kDeliveryHost,
      "are not delivered from Cloudinary",
      "Deliver assets from Cloudinary: print and embed the SDK's URL (cloudinary.url(public_id, …)) instead "
      "of copying the file to the platform's own storage or CDN.");
}

CheckResult check_delivery_signed_restricted(const CheckInput& input) {
  std::vector<CloudinaryUrl> restricted;
  for (auto& u : cloudinary_urls(input.steps)) {
    if (u.parsed.type == "private" || u.parsed.type == "authenticated") restricted.push_back(std::move(u));
  }
  if (restricted.empty()) { return skipped_check("no delivery URL of a private or authenticated asset was printed"); }
  Findings f("an s--…-- signature made with the API secret of the step's cloud on every private or authenticated URL");
  for (const auto& u : restricted) {
    const std::string& step_cloud = u.printed.step->cloud;
    const mock::Cloud* cloud = input.accounts.find_cloud(step_cloud.empty() ? u.parsed.cloud : step_cloud);
    std::string why;
    if (u.parsed.signature.empty()) {
      why = "unsigned URL for a" + std::string(u.parsed.type == "private" ? " private" : "n authenticated") + " asset";
    } else if (!cloud) {
      why = "signed URL for cloud '" + u.parsed.cloud + "', which is none of the run's clouds";
    } else if (!url_signature_valid(input, *cloud, u.parsed.signed_text, u.parsed.signature)) {
      why = "the signature s--" + u.parsed.signature + "-- does not match " + u.parsed.signed_text +
            " signed with the secret of cloud '" + cloud->cloud_name + "'";
      for (const auto& account : input.accounts.accounts) {
        for (const auto& other : account.clouds) {
          if (&other == cloud) continue;
          if (url_signature_valid(input, other, u.parsed.signed_text, u.parsed.signature)) {
            why += " (it was signed with the secret of cloud '" + other.cloud_name + "')";
          }
        }
      }
    } else {
      continue;
    }
    f.add(step_ref(*u.printed.step) + " printed " + u.printed.url + ": " + why, url_evidence(u.printed, why));
  }
  return f.conclude(
      restricted.size(), "private/authenticated URL(s)", "all correctly signed", "are not correctly signed",
      "Build private and authenticated URLs with sign_url: true (Node: cloudinary.url(id, {type: 'private', "
      "sign_url: true})); the SDK signs with the configured cloud's secret, server-side.");
}

CheckResult check_delivery_fetch(const CheckInput& input) {
  Findings f(
      "a fetch URL (https://res.cloudinary.com/<cloud>/image/fetch/…/<remote URL>) for the remote URL asked for");
  std::size_t total = 0;
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
    if (f.add(step_ref(step) + " " + why, seen ? url_evidence(*seen, why) : step_evidence(step, why))) {
      f.closest("https://" + std::string(mock::kDeliveryHost) + "/" + step.cloud + "/image/fetch/f_auto,q_auto/" +
                remote);
    }
  }
  if (total == 0) return skipped_check("no deliver step asked for a fetch URL");
  return f.conclude(
      total, "fetch delivery(ies)", "each a well-formed fetch URL of the remote asset",
      "are not fetch URLs of the remote asset",
      "Build remote assets' URLs with type 'fetch' (Node: cloudinary.url(remoteUrl, {type: 'fetch'})), so "
      "Cloudinary fetches, caches and transforms the original instead of treating the URL as a public id.");
}

}  // namespace cldcert
