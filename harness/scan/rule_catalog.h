// The scanner's rule ids with a one-line description and a fix, for SARIF's rule list, the
// human output's legend and docs/scan.md; one place so the three never disagree.
#pragma once

#include <string_view>
#include <vector>

namespace cldcert::scan {

struct RuleInfo {
  std::string_view id;
  std::string_view description;  // what was found
  std::string_view help;         // what to do about it
};

const std::vector<RuleInfo>& rule_catalog();

// The entry for `id`, or nullptr.
const RuleInfo* find_rule(std::string_view id);

}  // namespace cldcert::scan
