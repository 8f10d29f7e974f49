// Whether a version string is SemVer 2.0.0: one rule for the manifest's version, the documented
// version (R16) and the Media Library widget's integration.version (T2).
#pragma once

#include <string_view>

namespace cldcert {

// By the official regular expression of semver.org. Strings over 256 bytes are refused unchecked:
// the regex engine recurses per character, and checks also feed it versions taken from traffic.
bool is_semver(std::string_view version);

}  // namespace cldcert
