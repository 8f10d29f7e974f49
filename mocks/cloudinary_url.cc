#include "mocks/cloudinary_url.h"

#include "mocks/http_types.h"

namespace cldcert::mock {

std::string cloudinary_url(const Cloud& cloud, std::string_view upload_prefix) {
  std::string url = "cloudinary://" + cloud.api_key + ":" + cloud.api_secret + "@" + cloud.cloud_name;
  std::string query;
  if (!upload_prefix.empty()) query += "upload_prefix=" + std::string(upload_prefix);
  if (cloud.signature_algorithm == DigestAlgorithm::kSha256) {
    query += (query.empty() ? "" : "&") + std::string("signature_algorithm=sha256");
  }
  return query.empty() ? url : url + "?" + query;
}

std::string account_url(const Account& account, std::string_view upload_prefix) {
  std::string url = "account://" + account.provisioning_key + ":" + account.provisioning_secret + "@" + account.id;
  return upload_prefix.empty() ? url : url + "?upload_prefix=" + std::string(upload_prefix);
}

std::optional<CloudinaryUrl> parse_cloudinary_url(std::string_view url) {
  constexpr std::string_view kScheme = "cloudinary://";
  if (!url.starts_with(kScheme)) return std::nullopt;
  url.remove_prefix(kScheme.size());
  std::string_view query;
  if (auto q = url.find('?'); q != std::string_view::npos) {
    query = url.substr(q + 1);
    url = url.substr(0, q);
  }
  // The last '@' ends the credentials: a secret may hold one, a cloud name never does.
  auto at = url.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view credentials = url.substr(0, at);
  auto colon = credentials.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  CloudinaryUrl out;
  out.api_key = percent_decode(credentials.substr(0, colon), false);
  out.api_secret = percent_decode(credentials.substr(colon + 1), false);
  out.cloud_name = std::string(url.substr(at + 1));
  if (out.cloud_name.empty()) return std::nullopt;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    std::string name = percent_decode(pair.substr(0, eq), true);
    out.params[name] = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1), true);
  }
  return out;
}

}  // namespace cldcert::mock
