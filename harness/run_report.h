// Turns scenario outcomes into report.json (cldcert/report/v1, the source of truth of every other
// file of the bundle) and the checklist item verdicts.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/manifest.h"
#include "harness/scenario_run.h"

namespace cldcert {

struct RunMetadata {
  std::uint64_t seed = 1;
  std::string started_at;
  std::string finished_at;
  double duration_ms = 0;
  std::string run_id;
  std::vector<std::string> only;
  bool skip_large = false;
  std::string shard;                                 // "K/N", or "" when the run was not sharded
  std::string network;                               // env | proxy | sandbox; "" in bundles made before it was kept
  nlohmann::json waivers = nlohmann::json::array();  // waivers_json(): each with its status
  bool waivers_hold = true;                          // no waiver expired or stale
  double cldcert_cpu_s = 0;                          // CPU time of cldcert itself (mock, checks, bundle)
  double integration_cpu_s = 0;                      // CPU time of the integration's processes it ran
  nlohmann::json provenance;                         // run_provenance(); null: not recorded (older bundles)
  nlohmann::json live;                               // a live run's LiveRun::report_json(); null: a mock run
};

// One line per checklist item: the combined verdict of the checks and scenarios behind it.
nlohmann::json checklist_verdicts(const std::vector<ScenarioOutcome>& outcomes);
// The same from report.json's scenario lines (what `cldcert merge` has).
nlohmann::json checklist_from_scenarios(const nlohmann::json& scenario_lines);

// One scenario's line of report.json.
nlohmann::json scenario_json(const ScenarioOutcome& outcome);

nlohmann::json build_report(const Manifest& manifest, const std::vector<ScenarioOutcome>& outcomes,
                            const RunMetadata& meta);

// Whether the run can be attached to a partner submission as it is: {"ready": bool,
// "obstacles": ["…", …]}. Ready only when no scenario errored, every required check that ran
// passed, no check errored or was waived, there are no waivers, and every "must" checklist item
// was judged (pass, or not applicable with its reason): a must item that is not checked, or
// whose checks were all skipped, stands in the way. Recommended items never do.
// Reads the report's own "scenarios", "checklist" and (when present) "waivers".
nlohmann::json submission_readiness(const nlohmann::json& report);

// "pass" when no required check failed or errored and no scenario errored.
bool run_passed(const std::vector<ScenarioOutcome>& outcomes);

// "pass" or "fail" from report.json alone: a scenario errored, a required check failed or errored,
// or a waiver expired or went stale → "fail". What run_passed() and waivers_hold() say, for
// verify and merge, which have only the JSON.
std::string report_verdict(const nlohmann::json& report);

}  // namespace cldcert
