#include "harness/semver.h"

#include <regex>

namespace cldcert {

bool is_semver(std::string_view version) {
  if (version.size() > 256) return false;
  // Verbatim from https://semver.org/#is-there-a-suggested-regular-expression-regex-to-check-a-semver-string
  static const std::regex kSemVer(
      R"(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*))"
      R"((?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?)"
      R"((?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$)");
  return std::regex_match(version.begin(), version.end(), kSemVer);
}

}  // namespace cldcert
