// CLOUDINARY_URL, the one string SDKs configure themselves from: built for a mock cloud and
// parsed back (cloudinary://KEY:SECRET@CLOUD?param=value&…), and CLOUDINARY_ACCOUNT_URL built for
// a mock account, in one place so every writer agrees.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "mocks/accounts.h"

namespace cldcert::mock {

// cloudinary://KEY:SECRET@CLOUD?upload_prefix=PREFIX[&signature_algorithm=sha256]. A cloud that
// signs delivery URLs with SHA-256 says so in its URL, as a real one must: SDKs read
// signature_algorithm from it (Node SDK utils/index.js `signature_algorithm`), and without it
// sign with SHA-1. An empty upload_prefix is left out.
std::string cloudinary_url(const Cloud& cloud, std::string_view upload_prefix);

// CLOUDINARY_ACCOUNT_URL, its account-level sibling for the Provisioning API:
// account://PROVISIONING_KEY:PROVISIONING_SECRET@ACCOUNT_ID?upload_prefix=PREFIX (Node SDK 2.11.0
// lib/config.js, the "account:" protocol: account_id, provisioning_api_key, provisioning_api_secret).
std::string account_url(const Account& account, std::string_view upload_prefix);

struct CloudinaryUrl {
  std::string api_key;
  std::string api_secret;  // percent-decoded
  std::string cloud_name;
  std::map<std::string, std::string> params;  // the query, percent-decoded
};

// nullopt unless `url` is cloudinary://KEY:SECRET@CLOUD[?query]; an empty key or secret is allowed
// (an unsigned-only configuration), an empty cloud name is not. The secret may contain '@'.
std::optional<CloudinaryUrl> parse_cloudinary_url(std::string_view url);

}  // namespace cldcert::mock
