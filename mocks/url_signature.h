// Delivery URL signatures: the "s--XXXXXXXX--" path component of signed, authenticated and private URLs.
// Short form is 8 chars with the cloud's algorithm; long_url_signature is 32 chars, always SHA-256.
#pragma once

#include <string>
#include <string_view>

#include "mocks/digest.h"

namespace cldcert::mock {

// The bare signature (no "s--"/"--"): standard base64 of hash(to_sign + secret),
// first 8 chars (32 and SHA-256 when long_signature), '+' -> '-', '/' -> '_'.
// to_sign is "<transformations>/<public_id>[.<format>]" as it appears in the
// URL (percent-encoded, without the version).
std::string url_signature(std::string_view to_sign, std::string_view api_secret, DigestAlgorithm algorithm,
                          bool long_signature);

// True when `component` ("s--...--" or bare) signs to_sign: 8 chars with
// cloud_algorithm, or 32 chars with SHA-256. Case-sensitive, constant time.
bool verify_url_signature(std::string_view component, std::string_view to_sign, std::string_view api_secret,
                          DigestAlgorithm cloud_algorithm);

}  // namespace cldcert::mock
