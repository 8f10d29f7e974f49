#include "harness/scan/entropy.h"

#include <array>
#include <cmath>
#include <string>

namespace cldcert::scan {

double shannon_entropy(std::string_view text) {
  if (text.empty()) return 0;
  std::array<int, 256> counts{};
  for (unsigned char c : text) ++counts[c];
  double bits = 0;
  const double n = static_cast<double>(text.size());
  for (int count : counts) {
    if (count == 0) continue;
    const double p = count / n;
    bits -= p * std::log2(p);
  }
  return bits;
}

bool looks_like_random_secret(std::string_view value) {
  if (value.size() < 12 || value.size() > 128) return false;
  bool lower = false, upper = false, digit = false;
  std::string folded;
  for (char c : value) {
    lower |= c >= 'a' && c <= 'z';
    upper |= c >= 'A' && c <= 'Z';
    digit |= c >= '0' && c <= '9';
    folded.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (int{lower} + int{upper} + int{digit} < 2) return false;
  if (shannon_entropy(value) < 3.0) return false;
  // Words found in documentation placeholders, never in a generated credential of this length
  // with any real probability.
  for (std::string_view word : {"xxxx", "your", "example", "secret", "placeholder", "changeme", "dummy", "sample",
                                "redacted", "1234567", "abcdefg", "insert", "here"}) {
    if (folded.find(word) != std::string::npos) return false;
  }
  return true;
}

}  // namespace cldcert::scan
