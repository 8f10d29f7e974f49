// Outcomes and metadata for the tests of the writers that start from report.json (run_report,
// junit_report): a manifest, scenarios, check results and run metadata in a line each.
#pragma once

#include <string>
#include <vector>

#include "harness/manifest.h"
#include "harness/run_report.h"
#include "harness/scenario.h"
#include "harness/scenario_run.h"

namespace cldcert::report_test {

Manifest test_manifest();
Scenario scenario(const std::string& id, std::vector<std::string> checklist, std::vector<std::string> checks);
// A check result as run_check leaves it: id and level from the catalog.
CheckResult check(const std::string& id, Verdict verdict, const std::string& message = "");
ScenarioOutcome outcome(const Scenario& s, Verdict verdict, std::vector<CheckResult> checks = {});
ScenarioOutcome not_applicable(const Scenario& s, const std::string& reason);
RunMetadata metadata();

}  // namespace cldcert::report_test
