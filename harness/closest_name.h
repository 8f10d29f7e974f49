// "Did you mean …?" for a name the user typed: the known name closest to it by edit distance,
// when one is close enough to be a likely typo.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cldcert {

// The known name at the smallest Levenshtein distance from `name`, if that distance is at most a
// third of the name's length (at least 2); the first such in `known` on a tie.
std::optional<std::string> closest_name(std::string_view name, const std::vector<std::string>& known);

}  // namespace cldcert
