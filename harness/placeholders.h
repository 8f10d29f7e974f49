// Placeholder substitution for an action's argv (`{file}`, `{last.public_id}`, ...):
// plain text in, plain text out, so a value can never become a command (docs/manifest.md).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace cldcert {

// Values available to an action's argv: step args ("file","public_id",...), "cloud", "workdir",
// "host_root", "manifest_dir", "last.<field>", "fixture.<name>". Keys are the names between the
// braces, exactly (no trimming, case-sensitive).
using PlaceholderValues = std::map<std::string, std::string>;

struct PlaceholderError {
  std::string placeholder;  // the offending name, e.g. "fiel"; for a brace error, the text from it on
  std::size_t element = 0;  // index into argv
  std::string message;      // one line naming the element index and the placeholder
};

// Substitutes every {name} in each element; values are inserted verbatim as plain text into the
// argv element (no shell ever sees them, so no injection; a value's own braces are not expanded
// again); "{{" and "}}" are literal braces; an unknown name, an empty "{}", or an unbalanced brace
// is an error naming the element index and placeholder. The first error found wins.
// "{name?}" is optional: when `name` has no value the whole element is left out, so a manifest
// can map an optional scenario argument onto one flag ("--upload-preset={upload_preset?}").
std::variant<std::vector<std::string>, PlaceholderError> substitute(const std::vector<std::string>& argv,
                                                                    const PlaceholderValues& values);

}  // namespace cldcert
