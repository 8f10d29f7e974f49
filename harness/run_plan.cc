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
  if (selected.empty()) return PlanError{"no scenario to run: there are no scenarios"};
  if (shard.empty()) return selected;
  auto share = parse_shard(shard);
  if (!share) return PlanError{"--shard expects K/N with 1 <= K <= N, got '" + shard + "'"};
  auto shared = shard_of(selected, share->first, share->second);
  if (shared.empty()) {
    return PlanError{"--shard " + shard + " leaves no scenario to run: " + std::to_string(selected.size()) +
                     " were selected, so N must be at most " + std::to_string(selected.size())};
  }
  return shared;
}

}  // namespace cldcert
