#include "mocks/redactor.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <utility>

#include "mocks/multi_needle_search.h"
#include "mocks/secret_encodings.h"
#include "mocks/utf8.h"

namespace cldcert::mock {
namespace {

constexpr std::size_t npos = std::string_view::npos;
// The bytes that start an escape the matcher undoes: percent-encoding, JSON/JS escapes, '+' for space.
constexpr std::string_view kEscapeStarts = "%\\+";

using Span = std::pair<std::size_t, std::size_t>;

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The value of `digits` hex digits at text[pos], either case; nullopt when any is missing.
std::optional<std::uint32_t> hex_at(std::string_view text, std::size_t pos, std::size_t digits) {
  if (pos > text.size() || text.size() - pos < digits) return std::nullopt;
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    int d = hex_digit(text[pos + i]);
    if (d < 0) return std::nullopt;
    value = value * 16 + static_cast<std::uint32_t>(d);
  }
  return value;
}

// Where an occurrence of `needle` starting at text[pos] ends, or npos. Each byte of the needle may
// be spelled literally or through any escape a transport or serializer adds, so one matcher covers
// URL-encoded, JSON-escaped and mixed leaks alike. Depth-first over (needle index, text position)
// so escapes of different lengths can mix freely.
std::size_t match_at(std::string_view text, std::size_t pos, const SecretSpelling& needle, std::vector<Span>& stack) {
  const std::string& n = needle.text;
  stack.clear();
  stack.emplace_back(0, pos);
  while (!stack.empty()) {
    auto [i, p] = stack.back();
    stack.pop_back();
    if (i == n.size()) return p;
    if (p >= text.size()) continue;
    const unsigned char c = static_cast<unsigned char>(n[i]);
    const char t = text[p];
    if (t == n[i] || (needle.fold_case && lower(t) == lower(n[i]))) stack.emplace_back(i + 1, p + 1);
    if (c == ' ' && t == '+') stack.emplace_back(i + 1, p + 1);  // form encoding
    if (t == '%') {
      if (hex_at(text, p + 1, 2) == c) stack.emplace_back(i + 1, p + 3);
      // Encoded twice (a URL inside a query parameter): %2541 for 'A'.
      if (text.substr(p + 1, 2) == "25" && hex_at(text, p + 3, 2) == c) stack.emplace_back(i + 1, p + 5);
    }
    if (t == '\\' && p + 1 < text.size()) {
      const char e = text[p + 1];
      if (short_escape(c) != 0 && e == short_escape(c)) stack.emplace_back(i + 1, p + 2);
      if (e == 'x' && hex_at(text, p + 2, 2) == c) stack.emplace_back(i + 1, p + 4);
      if (e == 'u') {
        if (auto unit = hex_at(text, p + 2, 4)) {
          char32_t cp = 0;
          std::size_t length = utf8_sequence(n, i, &cp);
          if (length > 0 && cp < 0x10000 && *unit == cp) stack.emplace_back(i + length, p + 6);
          if (length > 0 && cp >= 0x10000) {
            // Astral characters escape as a surrogate pair: \uD83D\uDE00.
            char32_t v = cp - 0x10000;
            auto low = text.substr(p + 6, 2) == "\\u" ? hex_at(text, p + 8, 4) : std::nullopt;
            if (*unit == 0xD800 + (v >> 10) && low == 0xDC00 + (v & 0x3FF)) stack.emplace_back(i + length, p + 12);
          }
        }
      }
    }
  }
  return npos;
}

}  // namespace

std::size_t redacted_secret_at(std::string_view text) { return text.find(kRedacted); }

// Each secret becomes a few needles (secret_encodings' plain, hex and base64 spellings). A text
// without an escape byte can only spell a needle literally: one multi-needle pass finds those. A
// text with one (a query string, a JSON body) is matched needle by needle from every byte a needle
// can start at, undoing escapes as it goes.
struct Redactor::Index {
  std::vector<std::string> secrets;
  std::vector<SecretSpelling> needles;
  MultiNeedleSearch literal;  // needles of 2+ bytes; search id -> needle in literal_ids
  std::vector<std::size_t> literal_ids;
  std::vector<std::size_t> single_bytes;                    // needles of one byte (a one-character secret)
  std::array<std::vector<std::size_t>, 256> starting_with;  // needles whose first byte (either case) is this

  explicit Index(std::vector<std::string> given) : secrets(std::move(given)) {
    for (const std::string& secret : secrets) {
      for (auto& spelling : secret_spellings(secret)) needles.push_back(std::move(spelling));
    }
    for (std::size_t id = 0; id < needles.size(); ++id) {
      const SecretSpelling& n = needles[id];
      if (n.text.size() >= 2) {
        literal.add(n.text, n.fold_case);
        literal_ids.push_back(id);
      } else {
        single_bytes.push_back(id);
      }
      const char first = n.text[0];
      starting_with[static_cast<unsigned char>(first)].push_back(id);
      if (n.fold_case) {
        for (char variant : {lower(first), upper(first)}) {
          auto& ids = starting_with[static_cast<unsigned char>(variant)];
          if (ids.empty() || ids.back() != id) ids.push_back(id);
        }
      }
    }
  }

  void add_span(std::string_view text, std::size_t begin, std::size_t end, const SecretSpelling& needle,
                std::vector<Span>& spans) const {
    if (needle.widen_before && begin > 0 && is_base64_char(text[begin - 1])) --begin;
    if (needle.widen_after && end < text.size() && is_base64_char(text[end])) ++end;
    spans.emplace_back(begin, end);
  }

  // Every occurrence of every needle, unordered.
  std::vector<Span> spans(std::string_view text) const {
    std::vector<Span> out;
    if (needles.empty() || text.empty()) return out;
    if (text.find_first_of(kEscapeStarts) == npos) {
      literal.search(text, [&](std::size_t search_id, std::size_t begin) {
        const SecretSpelling& n = needles[literal_ids[search_id]];
        add_span(text, begin, begin + n.text.size(), n, out);
      });
      for (std::size_t id : single_bytes) {
        for (std::size_t at = text.find(needles[id].text[0]); at != npos; at = text.find(needles[id].text[0], at + 1)) {
          add_span(text, at, at + 1, needles[id], out);
        }
      }
      return out;
    }
    std::vector<Span> stack;
    auto try_needle = [&](std::size_t pos, std::size_t id) {
      std::size_t end = match_at(text, pos, needles[id], stack);
      if (end != npos) add_span(text, pos, end, needles[id], out);
    };
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
      if (kEscapeStarts.find(text[pos]) != npos) {
        for (std::size_t id = 0; id < needles.size(); ++id) try_needle(pos, id);
      } else {
        for (std::size_t id : starting_with[static_cast<unsigned char>(text[pos])]) try_needle(pos, id);
      }
    }
    return out;
  }
};

Redactor::Redactor() : Redactor(std::vector<std::string>{}) {}

Redactor::Redactor(std::vector<std::string> secrets) : index_(std::make_shared<const Index>(std::move(secrets))) {}

Redactor::Redactor(std::initializer_list<std::string> secrets) : Redactor(std::vector<std::string>(secrets)) {}

const std::vector<std::string>& Redactor::secrets() const { return index_->secrets; }

std::string Redactor::redact(std::string_view text) const {
  std::vector<Span> spans = index_->spans(text);
  if (spans.empty()) return std::string(text);
  std::sort(spans.begin(), spans.end());
  std::string out;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < spans.size();) {
    auto [begin, end] = spans[i];
    // Overlapping or touching occurrences (a secret inside another, repeats) become one marker.
    for (++i; i < spans.size() && spans[i].first <= end; ++i) end = std::max(end, spans[i].second);
    out.append(text.substr(copied, begin - copied));
    out += kRedacted;
    copied = end;
  }
  out.append(text.substr(copied));
  return out;
}

void Redactor::redact(nlohmann::json& value) const {
  if (value.is_string()) {
    auto& text = value.get_ref<std::string&>();
    if (!index_->spans(text).empty()) text = redact(text);
  } else if (value.is_array()) {
    for (auto& element : value) redact(element);
  } else if (value.is_object()) {
    bool keys_leak = false;
    for (auto& [key, element] : value.items()) {
      redact(element);
      keys_leak = keys_leak || !index_->spans(key).empty();
    }
    if (!keys_leak) return;
    // Keys are immutable in place: the object is rebuilt, a later key winning a clash as a parser would.
    nlohmann::json rebuilt = nlohmann::json::object();
    for (auto& [key, element] : value.items()) rebuilt[redact(key)] = std::move(element);
    value = std::move(rebuilt);
  }
}

bool Redactor::leaks_secret(std::string_view text) const {
  return redacted_secret_at(text) != npos || !index_->spans(text).empty();
}

}  // namespace cldcert::mock
