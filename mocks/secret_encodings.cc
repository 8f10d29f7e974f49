#include "mocks/secret_encodings.h"

#include <algorithm>
#include <cstdio>

#include "mocks/base64.h"
#include "mocks/digest.h"

namespace cldcert::mock {
namespace {

// base64 of a larger string holding the secret depends on where the secret starts modulo 3.
// For each alignment the characters made only of secret bits are fixed whatever surrounds them.
void add_base64(std::string_view secret, std::vector<SecretSpelling>& out) {
  for (std::size_t offset = 0; offset < 3; ++offset) {
    std::string encoded = base64_encode(std::string(offset, '\0') + std::string(secret));
    std::size_t bits = (offset + secret.size()) * 8;
    std::size_t full = bits / 6;                       // characters whose 6 bits are all known
    std::size_t first = offset == 0 ? 0 : offset + 1;  // first character without prefix bits
    if (full <= first || full - first < kMinEncodedSpelling) continue;
    std::string core = encoded.substr(first, full - first);
    bool partial_after = bits % 6 != 0;
    out.push_back({core, SecretEncoding::kBase64, false, offset != 0, partial_after});
    std::string url_safe = core;
    std::replace(url_safe.begin(), url_safe.end(), '+', '-');
    std::replace(url_safe.begin(), url_safe.end(), '/', '_');
    if (url_safe != core) out.push_back({url_safe, SecretEncoding::kBase64Url, false, offset != 0, partial_after});
  }
}

bool is_alnum(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// `keep` lists the punctuation left as is; `plus_for_space` is form encoding.
std::string percent_encode(std::string_view s, std::string_view keep, bool plus_for_space, bool lower_hex) {
  std::string out;
  for (unsigned char c : s) {
    if (is_alnum(c) || keep.find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ' && plus_for_space) {
      out.push_back('+');
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, lower_hex ? "%%%02x" : "%%%02X", c);
      out += buffer;
    }
  }
  return out;
}

// JSON.stringify's escaping (quote, backslash, control characters), plus the variations other
// serializers add: "\/" (PHP's json_encode), \uXXXX for non-ASCII (Python's json.dumps) and \'.
std::string json_escape(std::string_view s, bool escape_slash, bool ascii_only, char quote) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char e = short_escape(c);
    if (c == '/' && !escape_slash) e = 0;
    if (c == '\'' && quote != '\'') e = 0;
    if (c == '"' && quote != '"') e = 0;
    if (e != 0) {
      out += '\\';
      out += e;
    } else if (c < 0x20 || (ascii_only && c >= 0x80)) {
      char32_t cp = c;
      std::size_t length = 1;
      if (c >= 0x80) {  // decode one UTF-8 sequence; invalid bytes stay as they are
        length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (length == 1 || i + length > s.size()) {
          out.push_back(static_cast<char>(c));
          continue;
        }
        cp = c & (0x7F >> length);
        for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      }
      char buffer[16];
      if (cp >= 0x10000) {
        char32_t v = cp - 0x10000;
        std::snprintf(buffer, sizeof buffer, "\\u%04x\\u%04x", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
      } else {
        std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(cp));
      }
      out += buffer;
      i += length - 1;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace

std::string_view encoding_name(SecretEncoding encoding) {
  switch (encoding) {
    case SecretEncoding::kPlain: return "plain";
    case SecretEncoding::kHex: return "hex";
    case SecretEncoding::kBase64: return "base64";
    case SecretEncoding::kBase64Url: return "base64url";
    case SecretEncoding::kUrlEncoded: return "url-encoded";
    case SecretEncoding::kJsonEscaped: return "json-escaped";
  }
  return "plain";
}

char short_escape(unsigned char c) {
  switch (c) {
    case '/': return '/';
    case '"': return '"';
    case '\\': return '\\';
    case '\'': return '\'';
    case '\n': return 'n';
    case '\r': return 'r';
    case '\t': return 't';
    case '\b': return 'b';
    case '\f': return 'f';
    default: return 0;
  }
}

bool is_base64_char(char c) {
  return is_alnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '-' || c == '_';
}

std::vector<SecretSpelling> secret_spellings(std::string_view secret) {
  std::vector<SecretSpelling> out;
  if (secret.empty()) return out;
  out.push_back({std::string(secret)});
  if (secret.size() * 2 >= kMinEncodedSpelling) out.push_back({hex_encode(secret), SecretEncoding::kHex, true});
  add_base64(secret, out);
  return out;
}

std::vector<SecretSpelling> escaped_spellings(std::string_view secret) {
  std::vector<SecretSpelling> out;
  auto add = [&](std::string text, SecretEncoding encoding) {
    if (text == secret) return;
    for (const auto& s : out) {
      if (s.text == text) return;
    }
    out.push_back({std::move(text), encoding});
  };
  for (bool lower_hex : {false, true}) {
    add(percent_encode(secret, "-_.!~*'()", false, lower_hex), SecretEncoding::kUrlEncoded);  // encodeURIComponent
    add(percent_encode(secret, "-_.~", false, lower_hex), SecretEncoding::kUrlEncoded);       // RFC 3986
    add(percent_encode(secret, "-_.", true, lower_hex), SecretEncoding::kUrlEncoded);         // forms, PHP urlencode
  }
  for (char quote : {'"', '\''}) {
    for (bool slash : {false, true}) {
      for (bool ascii : {false, true}) add(json_escape(secret, slash, ascii, quote), SecretEncoding::kJsonEscaped);
    }
  }
  return out;
}

}  // namespace cldcert::mock
