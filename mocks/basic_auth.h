// Reads HTTP Basic credentials ("Authorization: Basic base64(key:secret)"), as the Admin,
// Provisioning and (optionally) Upload APIs take them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cldcert::mock {

struct BasicCredentials {
  std::string key;
  std::string secret;
};

// nullopt when the header is not Basic or does not decode to "key:secret".
std::optional<BasicCredentials> parse_basic_auth(std::string_view authorization);
// "Basic base64(key:secret)": the header value a client sends, what parse_basic_auth reads back.
std::string basic_authorization(std::string_view key, std::string_view secret);

}  // namespace cldcert::mock
