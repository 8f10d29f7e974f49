// UTF-8 as the evidence writers need it: decoding one sequence, checking and repairing text whose
// bytes came from a client (nlohmann::json refuses to serialize invalid UTF-8).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cldcert::mock {

// Length of the well-formed UTF-8 sequence at s[i] (storing its code point unless `code_point` is
// null), or 0 when there is none (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t* code_point);

bool is_valid_utf8(std::string_view s);

// `s` with each byte that starts no well-formed sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view s);

}  // namespace cldcert::mock
