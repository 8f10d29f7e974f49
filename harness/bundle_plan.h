// Where a bundle keeps the plan of its run besides integration/cldcert.json and report.json's
// seed, --only, --skip-large and --shard: what `cldcert verify` re-plans the run from.
#pragma once

namespace cldcert {

// The --waivers file as given, byte for byte (absent when the run had none).
inline constexpr const char* kPlanWaivers = "plan/waivers.json";
// The --scenarios folder's *.scenario.json files (absent when the run used the built-in scenarios).
inline constexpr const char* kPlanScenarios = "plan/scenarios";

}  // namespace cldcert
