#include "mocks/basic_auth.h"

#include "mocks/base64.h"
#include "mocks/http_types.h"
#include "mocks/text.h"

namespace cldcert::mock {

std::optional<BasicCredentials> parse_basic_auth(std::string_view authorization) {
  if (authorization.size() < 6 || !text::iequals(authorization.substr(0, 6), "Basic ")) return std::nullopt;
  std::string_view encoded = authorization.substr(6);
  while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
  auto decoded = base64_decode(encoded);
  if (!decoded) return std::nullopt;
  std::size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

std::string basic_authorization(std::string_view key, std::string_view secret) {
  return "Basic " + base64_encode(std::string(key) + ":" + std::string(secret));
}

}  // namespace cldcert::mock
