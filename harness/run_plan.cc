#include "harness/run_plan.h"

#include <algorithm>

#include "harness/shard.h"

namespace cldcert {

std::variant<std::vector<const Scenario*>, PlanError> plan_scenarios(const std::vector<Scenario>& scenarios,
                                                                     const std::vector<std::string>& only,
                                                                     const std::string& shard) {
  for (const auto& id : only) {
    bool known = std::any_of(scenarios.begin(), scenarios.end(), [&](const Scenario& s) { return s.id == id; });
    if (!known) return PlanError{"--only names an unknown scenario '" + id + "' (see cldcert list)"};
  }
  std::vector<const Scenario*> selected;
  for (const auto& s : scenarios) {
    if (only.empty() || std::find(only.begin(), only.end(), s.id) != only.end()) selected.push_back(&s);
  }
  if (shard.empty()) return selected;
  auto share = parse_shard(shard);
  if (!share) return PlanError{"--shard expects K/N with 1 <= K <= N, got '" + shard + "'"};
  return shard_of(selected, share->first, share->second);
}

}  // namespace cldcert
