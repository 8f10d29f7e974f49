#include "harness/scan/escaped_text.h"

#include <algorithm>
#include <cstring>
#include <tuple>

namespace cldcert::scan {
namespace {

// A window grows while escapes keep coming; past this it is cut (offsets stay 32-bit and small).
constexpr std::size_t kMaxWindowBytes = std::size_t{4} << 20;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The value of `min`..`max` digits of `base` at text[pos] and how many there were (0: none).
std::pair<std::uint32_t, std::size_t> number_at(std::string_view text, std::size_t pos, int base, std::size_t min,
                                                std::size_t max) {
  std::uint32_t value = 0;
  std::size_t n = 0;
  for (; n < max && pos + n < text.size(); ++n) {
    int d = hex_digit(text[pos + n]);
    if (d < 0 || d >= base) break;
    value = value * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(d);
  }
  if (n < min) return {0, 0};
  return {value, n};
}

// HTML's named character references for ASCII characters (and the non-breaking space), from the
// WHATWG list https://html.spec.whatwg.org/multipage/named-characters.html, without the ';'.
struct NamedEntity {
  std::string_view name;
  char32_t code_point;
};
constexpr NamedEntity kNamedEntities[] = {
    {"Tab", '\t'},   {"NewLine", '\n'}, {"excl", '!'},   {"quot", '"'},   {"QUOT", '"'},   {"num", '#'},
    {"dollar", '$'}, {"percnt", '%'},   {"amp", '&'},    {"AMP", '&'},    {"apos", '\''},  {"lpar", '('},
    {"rpar", ')'},   {"ast", '*'},      {"midast", '*'}, {"plus", '+'},   {"comma", ','},  {"period", '.'},
    {"sol", '/'},    {"colon", ':'},    {"semi", ';'},   {"lt", '<'},     {"LT", '<'},     {"equals", '='},
    {"gt", '>'},     {"GT", '>'},       {"quest", '?'},  {"commat", '@'}, {"lsqb", '['},   {"lbrack", '['},
    {"bsol", '\\'},  {"rsqb", ']'},     {"rbrack", ']'}, {"Hat", '^'},    {"lowbar", '_'}, {"grave", '`'},
    {"lcub", '{'},   {"lbrace", '{'},   {"verbar", '|'}, {"vert", '|'},   {"rcub", '}'},   {"rbrace", '}'},
    {"nbsp", 0xA0},
};

Escape html_reference_at(std::string_view text, std::size_t pos) {
  std::size_t p = pos + 1;
  if (p < text.size() && text[p] == '#') {
    const bool hex = p + 1 < text.size() && (text[p + 1] == 'x' || text[p + 1] == 'X');
    const std::size_t digits_at = p + (hex ? 2 : 1);
    auto [value, n] = hex ? number_at(text, digits_at, 16, 1, 6) : number_at(text, digits_at, 10, 1, 7);
    if (n == 0 || value > 0x10FFFF) return {};
    std::size_t end = digits_at + n;
    if (end < text.size() && text[end] == ';') ++end;  // browsers accept the reference without it
    return {end - pos, value, false};
  }
  for (const NamedEntity& e : kNamedEntities) {
    if (text.substr(p, e.name.size()) == e.name && p + e.name.size() < text.size() && text[p + e.name.size()] == ';')
      return {e.name.size() + 2, e.code_point, false};
  }
  return {};
}

Escape backslash_escape_at(std::string_view text, std::size_t pos) {
  if (pos + 1 >= text.size()) return {};
  const char e = text[pos + 1];
  if (e == 'u') {
    if (pos + 2 < text.size() && text[pos + 2] == '{') {
      auto [value, n] = number_at(text, pos + 3, 16, 1, 6);
      if (n == 0 || value > 0x10FFFF || pos + 3 + n >= text.size() || text[pos + 3 + n] != '}') return {};
      return {n + 4, value, false};
    }
    auto [unit, n] = number_at(text, pos + 2, 16, 4, 4);
    if (n == 0) return {};
    if (unit >= 0xD800 && unit < 0xDC00 && text.substr(pos + 6, 2) == "\\u") {
      auto [low, m] = number_at(text, pos + 8, 16, 4, 4);
      if (m != 0 && low >= 0xDC00 && low < 0xE000)
        return {12, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), false};
    }
    return {6, unit, false};
  }
  if (e == 'x') {
    auto [value, n] = number_at(text, pos + 2, 16, 2, 2);
    return n == 0 ? Escape{} : Escape{4, value, false, true};
  }
  if (e >= '0' && e <= '7') {
    auto [value, n] = number_at(text, pos + 1, 8, 1, 3);
    if (value > 0377) std::tie(value, n) = number_at(text, pos + 1, 8, 1, 2);
    return {n + 1, value, false, true};
  }
  switch (e) {
    case 'n': return {2, '\n', true};
    case 't': return {2, '\t', true};
    case 'r': return {2, '\r', true};
    case 'b': return {2, '\b', true};
    case 'f': return {2, '\f', true};
    case 'v': return {2, '\v', true};
    case '/':
    case '"':
    case '\'':
    case '\\': return {2, static_cast<char32_t>(e), true};
    default: return {};
  }
}

void append_utf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void decode(std::string_view text, std::size_t begin, std::size_t end, DecodedWindow& window) {
  window.text.clear();
  window.from.clear();
  window.text.reserve(end - begin);
  window.from.reserve(end - begin);
  window.offset = begin;
  window.source_size = end - begin;
  const std::string_view source = text.substr(0, end);
  for (std::size_t p = begin; p < end;) {
    // A run without '\\' or '&' is copied whole: most of a window is plain text.
    std::size_t run = p;
    while (run < end && source[run] != '\\' && source[run] != '&') ++run;
    if (run > p) {
      window.text.append(source.data() + p, run - p);
      for (std::size_t q = p; q < run; ++q) window.from.push_back(static_cast<std::uint32_t>(q - begin));
      p = run;
      if (p == end) break;
    }
    Escape e = escape_at(source, p);
    if (e.length == 0) e = {1, static_cast<unsigned char>(source[p]), false, true};
    if (e.byte)
      window.text.push_back(static_cast<char>(e.code_point));
    else
      append_utf8(e.code_point, window.text);
    window.from.resize(window.text.size(), static_cast<std::uint32_t>(p - begin));
    p += e.length;
  }
}

// The next '\' or '&' at or after `from` that starts an escape worth decoding, or npos.
class EscapeFinder {
 public:
  explicit EscapeFinder(std::string_view text) : text_(text), backslash_(find('\\', 0)), ampersand_(find('&', 0)) {}

  std::size_t next(std::size_t from) {
    for (;;) {
      if (backslash_ < from) backslash_ = find('\\', from);
      if (ampersand_ < from) ampersand_ = find('&', from);
      const std::size_t at = std::min(backslash_, ampersand_);
      if (at == std::string_view::npos) return at;
      Escape e = escape_at(text_, at);
      if (e.length != 0 && !e.short_form) return at;
      from = at + 1;
    }
  }

 private:
  std::size_t find(char c, std::size_t from) const {
    if (from >= text_.size()) return std::string_view::npos;
    const void* hit = std::memchr(text_.data() + from, c, text_.size() - from);
    return hit ? static_cast<const char*>(hit) - text_.data() : std::string_view::npos;
  }

  std::string_view text_;
  std::size_t backslash_, ampersand_;  // the next of each at or after the last search's start
};

}  // namespace

Escape escape_at(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return {};
  if (text[pos] == '\\') return backslash_escape_at(text, pos);
  if (text[pos] == '&') return html_reference_at(text, pos);
  return {};
}

void for_each_decoded_window(std::string_view text, std::size_t reach,
                             const std::function<void(const DecodedWindow&)>& on_window) {
  EscapeFinder escapes(text);
  DecodedWindow window;
  for (std::size_t at = escapes.next(0); at != std::string_view::npos;) {
    const std::size_t begin = at > reach ? at - reach : 0;
    std::size_t end = std::min(text.size(), at + reach);
    // Escapes closer than `reach` to the window's end extend it, up to the size limit; a run cut
    // there goes on in a window that starts `reach` before its next escape, so a secret spelled
    // across the cut is whole in one of them.
    for (at = escapes.next(at + 1); at != std::string_view::npos && at < end; at = escapes.next(at + 1)) {
      end = std::min(text.size(), at + reach);
      if (end - begin >= kMaxWindowBytes) break;
    }
    decode(text, begin, end, window);
    on_window(window);
  }
}

}  // namespace cldcert::scan
