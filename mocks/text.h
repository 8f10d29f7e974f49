// Small ASCII text helpers shared by the mock and the harness: one tested copy of each, so what
// counts as whitespace, how case folds and how lists are joined is the same everywhere.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace cldcert::text {

// ASCII whitespace, as isspace() in the C locale; what trim() removes by default.
inline constexpr std::string_view kWhitespace = " \t\r\n\f\v";
// Space and tab only: HTTP's optional whitespace around header and parameter values (RFC 9110 §5.6.3).
inline constexpr std::string_view kSpaceAndTab = " \t";

// Locale-free on purpose: protocol text (headers, hosts, hex) must not fold differently under a
// user's locale, and bytes >= 0x80 (UTF-8) are left as they are.
constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
std::string lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);

// s without the given characters at either end.
std::string_view trim(std::string_view s, std::string_view chars = kWhitespace);

std::string join(std::span<const std::string> items, std::string_view separator);

// 0-15 for a hex digit of either case, -1 for anything else.
constexpr int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The low `digits` hex digits of value, lower case, zero-padded ("00ff" for 255, 4).
std::string hex_digits(std::uint64_t value, int digits);

// A byte count for people, in MiB with one decimal ("512.0 MiB"): sizes in messages and progress.
std::string mebibytes(std::uint64_t bytes);

}  // namespace cldcert::text
