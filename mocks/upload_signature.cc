#include "mocks/upload_signature.h"

#include <openssl/crypto.h>

#include <array>
#include <map>

#include "mocks/text.h"

namespace cldcert::mock {
namespace {

constexpr std::array<std::string_view, 5> kUnsignedKeys = {"file", "cloud_name", "resource_type", "api_key",
                                                           "signature"};

bool is_unsigned_key(std::string_view key) {
  for (std::string_view k : kUnsignedKeys) {
    if (k == key) return true;
  }
  return false;
}

std::string escape_ampersands(std::string_view piece) {
  std::string out;
  out.reserve(piece.size());
  for (char c : piece) {
    if (c == '&') {
      out += "%26";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string string_to_sign(const FormParams& params, int signature_version) {
  // std::string's ordering compares as unsigned char: the bytewise sort Cloudinary uses.
  // Values are joined before the emptiness test, as the SDK joins arrays before
  // dropping "" (so tags[]=a, tags[]=, tags[]=b signs as "a,,b").
  std::map<std::string, std::string> joined;
  for (const auto& [raw_key, value] : params) {
    std::string_view key = raw_key;
    if (key.ends_with("[]")) key.remove_suffix(2);
    if (is_unsigned_key(key)) continue;
    auto [it, first] = joined.try_emplace(std::string(key));
    if (!first) it->second.push_back(',');
    it->second += value;
  }
  std::string out;
  for (const auto& [key, value] : joined) {
    if (value.empty()) continue;
    std::string piece = key + "=" + value;
    if (!out.empty()) out.push_back('&');
    out += signature_version >= 2 ? escape_ampersands(piece) : piece;
  }
  return out;
}

std::string sign_params(const FormParams& params, std::string_view api_secret, DigestAlgorithm algorithm,
                        int signature_version) {
  std::string input = string_to_sign(params, signature_version);
  input.append(api_secret);
  return digest_hex(algorithm, input);
}

SignatureVerdict verify_signature(const FormParams& params, std::string_view signature, std::string_view api_secret) {
  SignatureVerdict verdict;
  verdict.expected_string_to_sign = string_to_sign(params, 2);
  if (signature.size() != 40 && signature.size() != 64) return verdict;
  verdict.algorithm = signature.size() == 40 ? DigestAlgorithm::kSha1 : DigestAlgorithm::kSha256;

  const std::string sent = text::lower(signature);
  const std::string v1_string = string_to_sign(params, 1);
  const std::string v2 = digest_hex(verdict.algorithm, verdict.expected_string_to_sign + std::string(api_secret));
  const std::string v1 = digest_hex(verdict.algorithm, v1_string + std::string(api_secret));
  // Both comparisons always run, so timing reveals neither the match nor the form.
  const bool v2_ok = constant_time_equal(sent, v2);
  const bool v1_ok = constant_time_equal(sent, v1);
  verdict.valid = v2_ok || v1_ok;
  verdict.signature_version = (v2_ok || !v1_ok) ? 2 : 1;
  return verdict;
}

}  // namespace cldcert::mock
