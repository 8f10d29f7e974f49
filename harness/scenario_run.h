// Runs one scenario: fresh mock clouds, the integration's actions as child processes
// against them, then the scenario's checks over what was recorded.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/checks/check.h"
#include "harness/checks/secret_record.h"
#include "harness/manifest.h"
#include "harness/network/network_mode.h"
#include "harness/network/run_ca.h"
#include "harness/scenario.h"
#include "mocks/accounts.h"
#include "mocks/journal.h"

namespace cldcert {

namespace live {
class LiveRun;
}

struct ScenarioRunOptions {
  std::uint64_t seed = 1;
  std::filesystem::path work_dir;  // this scenario's {workdir}; created
  std::filesystem::path fixture_cache;
  std::map<std::string, std::string> extra_env;  // --env KEY=VALUE for every action
  std::string run_id;
  bool skip_large = false;  // --skip-large: scenarios marked "large" end as skip, saying so
  // env unless set: `cldcert run` picks the run's mode (run_command.cc), callers that pick none get env.
  network::NetworkMode network = network::NetworkMode::kEnv;
  // proxy: the run's CA (leaves for the TLS front) and the bundle trusting it; both outlive the scenario.
  network::RunCa* run_ca = nullptr;
  std::filesystem::path trust_bundle;
  // proxy and sandbox: the CA of the unknown-issuer probe (tls_probe steps), trusted by nothing of the run.
  network::RunCa* probe_ca = nullptr;
  // sandbox: the run CA as a JKS to mount over the JDK's cacerts (java_truststore.h); empty: none.
  std::filesystem::path java_truststore;
  // --live: the real clouds the scenario's requests are forwarded to; null in a mock run.
  live::LiveRun* live = nullptr;
};

struct ScenarioOutcome {
  const Scenario* scenario = nullptr;
  bool applicable = true;
  std::string reason;   // why not applicable, or why it errored
  std::string skipped;  // why an applicable scenario was not run (--skip-large)
  Verdict verdict = Verdict::kPass;
  std::vector<StepRecord> steps;
  std::vector<CheckResult> checks;
  std::vector<mock::JournalEntry> journal;
  mock::Redactor redactor;  // built once from the scenario's secrets: whatever leaves the run goes through it
  std::map<std::string, FixtureFacts> fixtures;  // by path, as the steps were given them
  // A live run's answers from its secrets (checks/secret_record.h), kept in the evidence for `cldcert verify`.
  std::vector<SecretFact> secret_facts;
  double duration_ms = 0;
  std::string started_at;  // ISO 8601 UTC with milliseconds; "" for a scenario that did not run
};

// Why the run leaves `step` out (recorded as skipped: it did not run and nothing is missing), or ""
// when it runs: an optional step whose action the manifest lacks, or one exercising a limit the
// manifest does not declare. `cldcert run` and `cldcert verify` decide it here.
std::string left_out_reason(const ScenarioStep& step, const Manifest& manifest);

// nullopt when applicable; otherwise the reason (missing capability or action).
std::optional<std::string> not_applicable_reason(const Scenario& scenario, const Manifest& manifest);

// The outcome of a scenario the plan leaves unrun: not applicable (missing capability or action)
// or skipped (--skip-large); nullopt when it must run. `cldcert run` and `cldcert verify` share it.
std::optional<ScenarioOutcome> outcome_without_running(const Scenario& scenario, const Manifest& manifest,
                                                       bool skip_large);

// The checks a scenario judges: its own, then each check the traffic calls for (judged_wherever_answered:
// a 420 or 429 the cloud gave on its own, with no cldcert.fault behind it).
std::vector<std::string> checks_to_judge(const Scenario& scenario, const std::vector<mock::JournalEntry>& journal);

// Runs checks_to_judge over `input` into outcome.checks, each judged knowing which of the
// steps it needs errored or never ran (missing_evidence.h), and sets outcome.verdict. What a run
// and verify both judge with.
void judge_scenario(ScenarioOutcome& outcome, const CheckInput& input);

// A scenario's verdict from its checks and its reason (a reason means it stopped at an error):
// fail if a check failed, else error, then waived, warn, pass; skip when no check judged anything.
// An error never hides a failure, nor a failure an error: the report lists both.
Verdict scenario_verdict(const ScenarioOutcome& outcome);

// The cloud a scenario's alias names: primary and primary_sub are the first account's first two clouds,
// secondary and secondary_sub the second's, read_only the first read-only one, else a cloud by its name;
// null when the accounts hold no such cloud.
const mock::Cloud* cloud_for_alias(const mock::Accounts& accounts, const std::string& alias);

// Per-scenario accounts, so scenarios running in parallel never see each other's clouds.
mock::Accounts scenario_accounts(std::uint64_t seed, const std::string& scenario_id);

// One Redactor for whatever leaves a run of these scenarios (the bundle, a re-derived report):
// every scenario's secrets, built once.
mock::Redactor redactor_of(const std::vector<ScenarioOutcome>& outcomes);

ScenarioOutcome run_scenario(const Scenario& scenario, const Manifest& manifest, const ScenarioRunOptions& options);

}  // namespace cldcert
