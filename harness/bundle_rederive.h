// Re-derives a bundle's report.json from its plan (integration/cldcert.json, report.json's seed,
// --only, --skip-large and shard(s), plan/) and its raw evidence (journal/, evidence/), with the
// code `cldcert run` judges with — the heart of `cldcert verify`. A live bundle's clouds are
// plan/live-accounts.json's, and what its checks verified with a secret comes from the run's record.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cldcert {

struct RederivedReport {
  // report.json as the run would have written it from this evidence; what cannot be re-derived
  // (times, durations, CPU, the manifest's file name, a --scenarios file's original path) is
  // taken from `bundled`.
  nlohmann::json report;
  // Evidence that contradicts its journal, its run or its scenario, one line each, naming the file.
  std::vector<std::string> problems;
  std::size_t scenarios_run = 0;  // scenarios whose checks were re-run on their evidence
  std::size_t checks = 0;         // checks re-run
  // A live bundle: the checks that took an answer from the run's record of what it verified with a
  // secret (evidence "verified_with_secrets"), "<scenario> › <check>", in plan order.
  std::vector<std::string> taken_from_record;
  bool live = false;  // report.json says "mode": "live": the clouds are plan/live-accounts.json's
};

// `bundled` is the bundle's report.json. Throws std::runtime_error (naming the file or field) when
// the plan cannot be read: no valid manifest copy, scenarios or waivers, or plan fields of the
// wrong type.
RederivedReport rederive_report(const std::filesystem::path& bundle, const nlohmann::json& bundled);

// Where `derived` and `bundled` differ, one line per JSON pointer into `bundled`
// ("/scenarios/2/checks/0/verdict (delivery › secret.traffic): says \"pass\", the evidence gives
// \"fail\""); scenarios are matched by id. At most `limit` lines, then a count of the rest.
std::vector<std::string> report_differences(const nlohmann::json& derived, const nlohmann::json& bundled,
                                            std::size_t limit = 40);

}  // namespace cldcert
