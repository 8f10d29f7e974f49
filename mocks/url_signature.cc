#include "mocks/url_signature.h"

#include <openssl/crypto.h>

#include "mocks/base64.h"

namespace cldcert::mock {
namespace {

constexpr std::size_t kShortLength = 8;
constexpr std::size_t kLongLength = 32;

// Strips "s--" / "--" unless the text already has a bare signature's length:
// a signature may itself start or end with '-', e.g. "s--GswSrZD---".
std::string_view bare_signature(std::string_view component) {
  if (component.size() == kShortLength || component.size() == kLongLength) return component;
  if (component.size() >= 5 && component.starts_with("s--") && component.ends_with("--")) {
    return component.substr(3, component.size() - 5);
  }
  return component;
}

}  // namespace

std::string url_signature(std::string_view to_sign, std::string_view api_secret, DigestAlgorithm algorithm,
                          bool long_signature) {
  if (long_signature) algorithm = DigestAlgorithm::kSha256;
  std::string input(to_sign);
  input.append(api_secret);
  std::string out = base64_encode(digest_raw(algorithm, input));
  out.resize(long_signature ? kLongLength : kShortLength);
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

bool verify_url_signature(std::string_view component, std::string_view to_sign, std::string_view api_secret,
                          DigestAlgorithm cloud_algorithm) {
  const std::string_view sent = bare_signature(component);
  if (sent.size() != kShortLength && sent.size() != kLongLength) return false;
  const std::string expected = url_signature(to_sign, api_secret, cloud_algorithm, sent.size() == kLongLength);
  return CRYPTO_memcmp(sent.data(), expected.data(), sent.size()) == 0;
}

}  // namespace cldcert::mock
