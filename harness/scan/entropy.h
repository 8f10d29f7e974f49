// Whether a candidate value looks like a generated credential rather than a placeholder, a
// variable name or an environment lookup: the test that keeps pattern rules from crying wolf.
#pragma once

#include <string_view>

namespace cldcert::scan {

// Shannon entropy of the byte distribution, in bits per byte (0 for empty text).
double shannon_entropy(std::string_view text);

// 12 to 128 characters, at least two of lower case / upper case / digits, 3+ bits per character,
// and none of the words placeholders are made of ("your", "example", "xxxx", "secret", …).
bool looks_like_random_secret(std::string_view value);

}  // namespace cldcert::scan
