// The spellings a secret takes when it leaks (plain, hex, base64 at each alignment, URL-encoded,
// JSON/JS-escaped), shared by the bundle redactor and the `cldcert scan` leak scanner.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cldcert::mock {

enum class SecretEncoding { kPlain, kHex, kBase64, kBase64Url, kUrlEncoded, kJsonEscaped };

// "plain", "hex", "base64", "base64url", "url-encoded", "json-escaped".
std::string_view encoding_name(SecretEncoding encoding);

struct SecretSpelling {
  std::string text;
  SecretEncoding encoding = SecretEncoding::kPlain;
  bool fold_case = false;  // hex: either letter case spells the same bytes
  // base64: the character just before / after mixes secret bits with a neighbour's, so it belongs
  // to the leak but cannot be part of a fixed needle.
  bool widen_before = false;
  bool widen_after = false;
};

// Shorter hex or base64 needles would match unrelated text (a 1-byte secret's hex is any "61");
// real API secrets give 30+ characters. Plain and escaped spellings have no minimum.
inline constexpr std::size_t kMinEncodedSpelling = 8;

// Plain, hex (fold_case), and the fixed core of standard and URL-safe base64 at byte offsets
// 0, 1, 2 of a larger encoded string. Empty for an empty secret.
std::vector<SecretSpelling> secret_spellings(std::string_view secret);

// The literal URL-encoded (encodeURIComponent, urlencode with '+', either hex case) and
// JSON/JS-escaped (JSON.stringify, "\/", ASCII-only "\uXXXX", single-quoted) forms that differ
// from the plain secret, without repeats. For scanners that search literally; the redactor undoes
// escapes while matching instead.
std::vector<SecretSpelling> escaped_spellings(std::string_view secret);

// The JSON/JS one-letter escape of `c` (the 'n' of "\n", '/' of "\/"…), or 0.
char short_escape(unsigned char c);

bool is_base64_char(char c);

}  // namespace cldcert::mock
