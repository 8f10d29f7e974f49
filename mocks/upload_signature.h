// Upload/Admin request signatures: Cloudinary's string to sign and the hex SHA over it + api_secret.
// Accepts every form the SDKs produce (SHA-1/SHA-256, signature_version 1/2) so old and new clients both pass.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mocks/digest.h"

namespace cldcert::mock {

// Form fields in wire order; repeated keys allowed; keys may end with "[]".
using FormParams = std::vector<std::pair<std::string, std::string>>;

// The string to sign, without the secret. Leaves out file, cloud_name,
// resource_type, api_key and signature; "x[]" and repeated "x" become one
// param "x" whose values are joined with ","; params whose (joined) value is
// empty are dropped; sorted by key bytewise; pieces "k=v" joined with "&".
// signature_version >= 2 writes '&' inside a piece as "%26" (SDKs >= 2.7 do).
std::string string_to_sign(const FormParams& params, int signature_version);

// Lower-case hex digest of string_to_sign(params) + api_secret.
std::string sign_params(const FormParams& params, std::string_view api_secret, DigestAlgorithm algorithm,
                        int signature_version);

struct SignatureVerdict {
  bool valid = false;
  // Inferred from the signature's length (40 hex = SHA-1, 64 = SHA-256): no field names it.
  DigestAlgorithm algorithm = DigestAlgorithm::kSha1;
  int signature_version = 2;  // the form that matched; 2 when both do
  // v2 form, for "Invalid Signature <sig>. String to sign - '<string>'.".
  std::string expected_string_to_sign;
};

// Accepts SHA-1 or SHA-256 (by length) over the v1 or v2 string; hex is
// compared case-insensitively and in constant time.
SignatureVerdict verify_signature(const FormParams& params, std::string_view signature, std::string_view api_secret);

}  // namespace cldcert::mock
