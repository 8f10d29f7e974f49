#include "harness/network/cloudinary_hosts.h"

#include <algorithm>
#include <array>

#include "mocks/text.h"

namespace cldcert::network {
namespace {

// Hosts named in shared/cloudinary-api.md: the APIs (§1, §3 regional servers of the OpenAPI spec), delivery
// (§4) and the hosted widget and player scripts (§6, the addresses mocks/widget_shims.cc answers).
constexpr std::array<std::string_view, 10> kExactHosts = {
    "api.cloudinary.com",    "api-eu.cloudinary.com",          "api-ap.cloudinary.com",
    "res.cloudinary.com",    "media-library.cloudinary.com",   "upload-widget.cloudinary.com",
    "widget.cloudinary.com", "product-gallery.cloudinary.com", "unpkg.com",
    "cdn.jsdelivr.net"};

constexpr std::string_view kCloudinaryDomain = ".cloudinary.com";

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_cloud_name_label(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace

std::string hostname_of(std::string_view authority) {
  std::string_view host = authority;
  if (host.starts_with('[')) {
    host = host.substr(1, host.find(']') == std::string_view::npos ? host.size() - 1 : host.find(']') - 1);
  } else if (std::size_t colon = host.rfind(':');
             colon != std::string_view::npos && host.find(':') == colon) {  // one colon: host:port
    host = host.substr(0, colon);
  }
  while (host.ends_with('.')) host.remove_suffix(1);
  return text::lower(host);
}

bool is_cloudinary_host(std::string_view host) {
  std::string name = text::lower(host);
  if (std::find(kExactHosts.begin(), kExactHosts.end(), name) != kExactHosts.end()) return true;
  if (!name.ends_with(kCloudinaryDomain)) return false;
  std::string_view label = std::string_view(name).substr(0, name.size() - kCloudinaryDomain.size());
  if (label.find('.') != std::string_view::npos) return false;
  // res-1 … res-5, the shared CDN's shards (cdn_subdomain), and <cloud>-res[-N], a private CDN
  // distribution: Node SDK 2.11.0 lib/utils/index.js:1020 (`cloud_name + "-res.cloudinary.com"`), :1029
  // (`'res-' + (crc32(source) % 5 + 1)`), :1036-1037 (http: `cloud_name + '-'` … `'-' + N`).
  if (std::size_t dash = label.rfind('-'); dash != std::string_view::npos && all_digits(label.substr(dash + 1))) {
    label = label.substr(0, dash);
  }
  if (label == "res") return true;
  return label.ends_with("-res") && is_cloud_name_label(label.substr(0, label.size() - 4));
}

}  // namespace cldcert::network
