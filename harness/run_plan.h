// Which scenarios a run covers (--only, --shard): one function that `cldcert run` plans with and
// `cldcert verify` re-plans with from the bundle, so a scenario dropped from a report is noticed.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "harness/scenario.h"

namespace cldcert {

struct PlanError {
  std::string message;  // names the option and value at fault
};

// The scenarios of `scenarios` named by `only` (all when empty), then the `shard` ("K/N", or "")
// share of them, in their loaded order.
std::variant<std::vector<const Scenario*>, PlanError> plan_scenarios(const std::vector<Scenario>& scenarios,
                                                                     const std::vector<std::string>& only,
                                                                     const std::string& shard);

}  // namespace cldcert
