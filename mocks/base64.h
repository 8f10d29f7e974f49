// Standard (RFC 4648 §4) base64, for URL signatures and data: URIs.
// Decoding is lenient about missing '=' padding, strict about everything else.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cldcert::mock {

// Padded, standard alphabet ('+', '/').
std::string base64_encode(std::string_view bytes);

// nullopt on characters outside the alphabet, misplaced '=', or a length that
// cannot come from any encoding (one leftover character). Whitespace is not skipped.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace cldcert::mock
