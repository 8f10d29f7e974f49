#include "harness/bundle_rederive.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <sstream>

#include "harness/bundle.h"
#include "harness/evidence_file.h"
#include "harness/harness_steps.h"
#include "harness/live/live_run.h"
#include "harness/live/public_accounts.h"
#include "harness/live/shadow_fidelity.h"
#include "harness/manifest.h"
#include "harness/network/network_mode.h"
#include "harness/run_plan.h"
#include "harness/run_report.h"
#include "harness/scenario.h"
#include "harness/scenario_run.h"
#include "harness/waivers.h"
#include "mocks/bounded_json.h"
#include "mocks/digest.h"
#include "mocks/json_problems.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A plan field of report.json, or an exception naming it: verify re-plans from these.
const json& plan_field(const json& report, const std::string& pointer, bool (json::*is)() const noexcept,
                       const char* expected) {
  json::json_pointer at(pointer);
  if (!report.contains(at) || !(report[at].*is)()) {
    throw std::runtime_error("report.json " + pointer + ": expected " + expected + " (the run's plan)");
  }
  return report[at];
}

std::string text_field(const json& report, const std::string& pointer) {
  return plan_field(report, pointer, &json::is_string, "a string").get<std::string>();
}

double number_or_zero(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_number() ? j[key].get<double>() : 0.0;
}

std::vector<mock::JournalEntry> parse_journal(const std::string& text, const std::string& file) {
  std::vector<mock::JournalEntry> out;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (line.empty()) continue;
    mock::ParsedJson parsed = mock::parse_json_text(line);
    if (!parsed.error.empty()) {
      throw std::runtime_error(file + ":" + std::to_string(number) + ": " +
                               (parsed.exceeds_limit() ? parsed.error : "not valid JSON"));
    }
    out.push_back(parsed.doc.get<mock::JournalEntry>());
  }
  return out;
}

// Whether an errored step ended the scenario, as run_step() decides it: one cut short (timed out or
// killed by a signal) may hang again; after any other error the scenario goes on.
bool stops_the_scenario(const StepRecord& step) { return step.timed_out || step.term_signal != 0; }

// Whether a step record of an integration action says it failed, as run_step() decides it.
bool action_failed(const StepRecord& step) { return step.timed_out || !step.expect.allows(step.exit_code); }

struct PlanGroup {
  std::string shard, run_id, finished_at;
};

class Rederivation {
 public:
  Rederivation(const fs::path& bundle, const json& bundled) : bundle_(bundle), bundled_(bundled) {}

  RederivedReport go() {
    manifest_ = load_manifest(bundle_ / kManifestCopy);
    load_live_accounts();
    load_plan_scenarios();
    if (fs::exists(bundle_ / kPlanWaivers)) waivers_ = load_waivers(bundle_ / kPlanWaivers);
    RunMetadata meta = plan_metadata();
    std::vector<ScenarioOutcome> outcomes;
    std::vector<json> group_waivers;
    for (const auto& group : plan_groups(meta)) {
      auto planned = plan_scenarios(scenarios_, meta.only, group.shard);
      if (auto* e = std::get_if<PlanError>(&planned)) {
        out_.problems.push_back("report.json: its plan cannot be re-planned: " + e->message);
        continue;
      }
      std::vector<ScenarioOutcome> part;
      for (const Scenario* s : std::get<0>(planned)) {
        if (auto not_run = outcome_without_running(*s, manifest_, meta.skip_large)) {
          part.push_back(std::move(*not_run));
          continue;
        }
        if (auto reason = out_.live ? live::not_applicable_live(*s, live_accounts_) : std::nullopt) {
          part.push_back(not_applicable_live_outcome(*s, *reason));
          continue;
        }
        part.push_back(derive_run(*s, meta.seed, group.run_id));
        ++out_.scenarios_run;
        out_.checks += part.back().checks.size();
      }
      // Waivers expire: applied as of the day the run (or shard) finished, as `cldcert run` did.
      std::vector<Waiver> applied = waivers_;
      apply_waivers(applied, part, group.finished_at.substr(0, 10));
      group_waivers.push_back(waivers_json(applied));
      for (auto& o : part) outcomes.push_back(std::move(o));
    }
    const bool merged = bundled_.contains("shards");
    if (merged) {
      std::sort(outcomes.begin(), outcomes.end(),
                [](const ScenarioOutcome& a, const ScenarioOutcome& b) { return a.scenario->id < b.scenario->id; });
      meta.waivers = merge_waiver_statuses(group_waivers);
    } else {
      meta.waivers = group_waivers.empty() ? json::array() : group_waivers.front();
    }
    for (const auto& w : meta.waivers) {
      if (w.value("status", "") == "expired" || w.value("status", "") == "stale") meta.waivers_hold = false;
    }
    take_durations(outcomes);
    json report = build_report(manifest_, outcomes, meta);
    if (merged) {
      report["shards"] = bundled_["shards"];
      report["verdict"] = report_verdict(report);  // what `cldcert merge` writes
    }
    // The manifest copy is always integration/cldcert.json; the run names the file it was given.
    json::json_pointer manifest_name("/integration/manifest");
    if (bundled_.contains(manifest_name) && bundled_[manifest_name].is_string()) {
      report[manifest_name] = bundled_[manifest_name];
    }
    // report.json leaves the run through the redactor, with every secret of every scenario run.
    out_.report = redacted_json(std::move(report), redactor_of(outcomes));
    return std::move(out_);
  }

 private:
  // A live run's clouds are no seed's: the bundle keeps them, without their secrets.
  void load_live_accounts() {
    if (!bundled_.contains("mode")) {
      if (std::filesystem::exists(bundle_ / kPlanLiveAccounts))
        out_.problems.push_back(std::string(kPlanLiveAccounts) +
                                ": a live run's clouds, but report.json says a mock run");
      if (std::filesystem::exists(bundle_ / kFidelityJson))
        out_.problems.push_back(std::string(kFidelityJson) +
                                ": a live run's shadow fidelity, but report.json says a mock run");
      return;
    }
    if (bundled_["mode"] != "live") {
      throw std::runtime_error("report.json /mode: expected \"live\" or no mode (a mock run), got " +
                               mock::json_shown(bundled_["mode"]));
    }
    out_.live = true;
    mock::ParsedJson parsed = mock::read_json_file(bundle_ / kPlanLiveAccounts);
    if (!parsed.error.empty()) {
      throw std::runtime_error(std::string(kPlanLiveAccounts) +
                               ": a live run's bundle keeps its clouds there: " + parsed.error);
    }
    live_accounts_ = live::accounts_from_bundle(parsed.doc, kPlanLiveAccounts);
  }

  // report.json's live.fidelity is the summary of fidelity.json (the shadow's answers are not in the bundle,
  // so the file itself is taken as written, its hash checked).
  void check_fidelity_summary(const json& live) {
    mock::ParsedJson parsed = mock::read_json_file(bundle_ / kFidelityJson);
    if (!parsed.error.empty()) {
      out_.problems.push_back(std::string(kFidelityJson) +
                              ": a live run's bundle holds its shadow fidelity: " + parsed.error);
      return;
    }
    const json derived = live::fidelity_summary(parsed.doc);
    if (live.value("fidelity", json()) != derived) {
      out_.problems.push_back("report.json /live/fidelity: differs from what " + std::string(kFidelityJson) +
                              " gives (" + std::to_string(derived.value("differing", 0)) + " differing answer(s), " +
                              std::to_string(derived.value("distinct", 0)) + " distinct difference(s))");
    }
  }

  // As scenario_run.cc's live run leaves a scenario the live clouds cannot run.
  static ScenarioOutcome not_applicable_live_outcome(const Scenario& s, const std::string& reason) {
    ScenarioOutcome o;
    o.scenario = &s;
    o.verdict = Verdict::kSkip;
    o.applicable = false;
    o.reason = reason;
    return o;
  }

  // plan/scenarios when the run had --scenarios, else the scenarios built into this cldcert. A
  // copied file's original path is the one field of it a bundle cannot show again.
  void load_plan_scenarios() {
    const bool copied = fs::is_directory(bundle_ / kPlanScenarios);
    try {
      scenarios_ = load_scenarios(copied ? bundle_ / kPlanScenarios : fs::path());
    } catch (const ScenarioError& e) { throw std::runtime_error(std::string(kPlanScenarios) + ": " + e.what()); }
    if (!copied || !bundled_.contains("scenarios") || !bundled_["scenarios"].is_array()) return;
    for (auto& s : scenarios_) {
      for (const auto& line : bundled_["scenarios"]) {
        if (!line.is_object() || line.value("id", "") != s.id || !line.contains("source") ||
            !line["source"].is_string())
          continue;
        std::string source = line["source"];
        if (fs::path(source).filename() == fs::path(s.source).filename()) s.source = source;
      }
    }
  }

  RunMetadata plan_metadata() {
    RunMetadata meta;
    meta.seed = plan_field(bundled_, "/seed", &json::is_number_unsigned, "a seed").get<std::uint64_t>();
    meta.run_id = text_field(bundled_, "/run_id");
    meta.started_at = text_field(bundled_, "/started_at");
    meta.finished_at = text_field(bundled_, "/finished_at");
    meta.shard = text_field(bundled_, "/shard");
    // How the traffic was taken decides what was watched (egress, TLS): kept as the run says, checked for shape.
    if (bundled_.contains("network")) {
      meta.network = plan_field(bundled_, "/network", &json::is_string, "env, proxy or sandbox").get<std::string>();
      if (!network::parse_network_mode(meta.network))
        throw std::runtime_error("report.json /network: expected env, proxy or sandbox, got '" + meta.network + "'");
    }
    meta.skip_large = plan_field(bundled_, "/skip_large", &json::is_boolean, "true or false").get<bool>();
    // What a live run sent and left behind cannot be re-derived: taken as written, its clouds checked.
    if (out_.live) {
      meta.live = plan_field(bundled_, "/live", &json::is_object, "the live run's clouds and costs");
      json names = json::array();
      for (const auto& account : live_accounts_.accounts) {
        for (const auto& cloud : account.clouds) names.push_back(cloud.cloud_name);
      }
      if (meta.live.value("clouds", json()) != names) {
        out_.problems.push_back("report.json /live/clouds: says " +
                                mock::json_shown(meta.live.value("clouds", json())) + ", but " + kPlanLiveAccounts +
                                " holds " + mock::json_shown(names));
      }
      check_fidelity_summary(meta.live);
    }
    for (const auto& id : plan_field(bundled_, "/only", &json::is_array, "an array of scenario ids")) {
      if (!id.is_string()) throw std::runtime_error("report.json /only: expected scenario ids (strings)");
      meta.only.push_back(id);
    }
    meta.duration_ms = number_or_zero(bundled_, "duration_ms");
    // Provenance says where the run happened; no evidence re-derives it, so it is taken as written.
    if (bundled_.contains("provenance")) meta.provenance = bundled_["provenance"];
    if (bundled_.contains("cpu_s")) {
      meta.cldcert_cpu_s = number_or_zero(bundled_["cpu_s"], "cldcert");
      meta.integration_cpu_s = number_or_zero(bundled_["cpu_s"], "integration");
    }
    return meta;
  }

  // One group per run: a merged bundle's shards each planned, ran and waived on their own.
  std::vector<PlanGroup> plan_groups(const RunMetadata& meta) const {
    if (!bundled_.contains("shards")) return {{meta.shard, meta.run_id, meta.finished_at}};
    const json& shards = plan_field(bundled_, "/shards", &json::is_array, "an array of shards");
    std::vector<PlanGroup> out;
    for (std::size_t i = 0; i < shards.size(); ++i) {
      const std::string at = "/shards/" + std::to_string(i);
      out.push_back({text_field(bundled_, at + "/shard"), text_field(bundled_, at + "/run_id"),
                     text_field(bundled_, at + "/finished_at")});
    }
    return out;
  }

  ScenarioOutcome derive_run(const Scenario& s, std::uint64_t seed, const std::string& run_id) {
    ScenarioOutcome o;
    o.scenario = &s;
    const std::string journal_file = journal_path(s.id), evidence_file = evidence_path(s.id);
    // The clouds are generated from the seed and the scenario id, so the secrets are too; a live run's
    // are the bundle's, without secrets: what was checked with one is answered from the run's record.
    mock::Accounts accounts = out_.live ? live_accounts_ : scenario_accounts(seed, s.id);
    o.redactor = mock::Redactor(accounts.all_secrets());
    ScenarioEvidence evidence;
    std::string journal_text;
    try {
      mock::FileText text = mock::read_file_text(bundle_ / journal_file);
      if (!text.error.empty()) throw std::runtime_error(journal_file + ": " + text.error);
      journal_text = text.text;
      o.journal = parse_journal(journal_text, journal_file);
      mock::ParsedJson parsed = mock::read_json_file(bundle_ / evidence_file);
      if (!parsed.error.empty()) throw std::runtime_error(parsed.error);
      evidence = evidence_from_json(parsed.doc);
    } catch (const std::exception& e) {
      out_.problems.push_back(s.id + ": the plan runs it, but its evidence cannot be read: " + e.what());
      o.reason = "its evidence cannot be read";
      o.verdict = Verdict::kError;
      return o;
    }
    auto problem = [&](const std::string& what) { out_.problems.push_back(evidence_file + ": " + what); };
    if (evidence.scenario != s.id) problem("holds the evidence of scenario '" + evidence.scenario + "', not " + s.id);
    if (evidence.run_id != run_id)
      problem("comes from run '" + evidence.run_id + "', the report's is '" + run_id + "'");
    if (evidence.journal_sha256 != mock::sha256_hex(journal_text)) {
      problem("was written with another " + journal_file + " (its journal_sha256 differs): not this run's evidence");
    }
    for (std::size_t i = 0; i < o.journal.size(); ++i) {
      if (o.journal[i].id != i + 1) {
        out_.problems.push_back(journal_file + ": entry " + std::to_string(i + 1) + " has id " +
                                std::to_string(o.journal[i].id));
        break;
      }
    }
    check_steps(s, evidence, o.journal.size(), problem);
    o.steps = evidence.steps;
    o.fixtures = evidence.fixtures;
    // An error is re-derived from the step records, never taken from report.json: the first one.
    auto errored = std::find_if(o.steps.begin(), o.steps.end(), [](const StepRecord& st) { return !st.error.empty(); });
    if (errored != o.steps.end()) {
      o.reason = "step " + std::to_string(errored->index + 1) + " (" + errored->action + ") " + errored->error;
      if (evidence.reason != o.reason) problem("its reason differs from its first errored step's error");
    } else {
      o.reason = evidence.reason;  // host.prepare, a fixture or cldcert itself failed before a step ran
      if (o.reason.empty() && o.steps.size() < s.steps.size()) {
        problem("records " + std::to_string(o.steps.size()) + " of the scenario's " + std::to_string(s.steps.size()) +
                " steps and no error, but a scenario stops early only on one");
        o.reason = "its evidence stops after step " + std::to_string(o.steps.size()) + " without an error";
      }
    }
    if (!out_.live && !evidence.verified_with_secrets.empty())
      problem("holds answers from live secrets (verified_with_secrets), but report.json says a mock run");
    SecretRecord record = SecretRecord::replaying(evidence.verified_with_secrets);
    CheckInput input{manifest_, o.journal, o.steps, accounts, o.redactor, o.fixtures, out_.live ? &record : nullptr};
    judge_scenario(o, input);
    for (const auto& line : record.unanswered()) problem(line);
    if (out_.live) {
      for (const auto& line : record.unasked()) problem(line);
    }
    for (const auto& check : o.checks) {
      if (record.answered_checks().contains(check.id)) out_.taken_from_record.push_back(s.id + " › " + check.id);
    }
    return o;
  }

  template <typename Problem>
  void check_steps(const Scenario& s, const ScenarioEvidence& evidence, std::size_t journal_size, Problem& problem) {
    std::uint64_t previous_through = 0;
    for (std::size_t k = 0; k < evidence.steps.size(); ++k) {
      const StepRecord& step = evidence.steps[k];
      const std::string name = "step record " + std::to_string(k + 1);
      const bool in_scenario = k < s.steps.size();
      if (step.index != k || !in_scenario || step.action != s.steps[k].action ||
          step.concurrent_group != s.steps[k].concurrent_group) {
        problem(name + " (" + step.action + ") is not step " + std::to_string(k + 1) + " of scenario " + s.id);
      }
      // Steps run at once share one range: the group's first step's.
      const StepRecord* together =
          k > 0 && step.concurrent_group && evidence.steps[k - 1].concurrent_group == step.concurrent_group
              ? &evidence.steps[k - 1]
              : nullptr;
      const bool fits = together ? step.first_journal_id == together->first_journal_id &&
                                       step.last_journal_id == together->last_journal_id
                                 : step.first_journal_id >= previous_through;
      if (step.first_journal_id > step.last_journal_id || !fits || step.last_journal_id > journal_size) {
        problem(name + ": its journal ids (" + std::to_string(step.first_journal_id) + ", " +
                std::to_string(step.last_journal_id) + "] do not fit " + journal_path(s.id) + " (" +
                std::to_string(journal_size) + " entries) after the step before it");
      }
      previous_through = step.last_journal_id;
      // Left out exactly when the run's own rule says so, for the same reason.
      const std::string left_out = in_scenario ? left_out_reason(s.steps[k], manifest_) : "";
      if (step.skipped != left_out) {
        problem(name +
                (left_out.empty()
                     ? ": says it was left out, but the scenario and the manifest make it a step to run"
                     : ": ran (or says another reason), but the scenario and the manifest leave it out: " + left_out));
      }
      if (!step.skipped.empty()) continue;
      if (!is_harness_step(step.action) && action_failed(step) && step.error.empty()) {
        problem(name + ": exit code " + std::to_string(step.exit_code) + (step.timed_out ? ", timed out" : "") +
                " is a failed step, but it records no error");
      }
      if (!step.error.empty() && stops_the_scenario(step) && k + 1 != evidence.steps.size())
        problem(name + ": records an error that stops the scenario, yet a later step ran");
    }
  }

  // Times cannot be re-derived: each scenario's start and duration, and each step's and check's
  // duration, are the ones report.json gives.
  void take_durations(std::vector<ScenarioOutcome>& outcomes) const {
    if (!bundled_.contains("scenarios") || !bundled_["scenarios"].is_array()) return;
    for (auto& o : outcomes) {
      for (const auto& line : bundled_["scenarios"]) {
        if (!line.is_object() || line.value("id", "") != o.scenario->id) continue;
        o.duration_ms = number_or_zero(line, "duration_ms");
        if (line.contains("started_at") && line["started_at"].is_string()) o.started_at = line["started_at"];
        const json steps = line.value("steps", json::array());
        for (std::size_t k = 0; k < o.steps.size() && k < steps.size(); ++k) {
          o.steps[k].duration_ms = number_or_zero(steps[k], "duration_ms");
        }
        const json checks = line.value("checks", json::array());
        for (auto& check : o.checks) {
          for (const auto& bundled : checks) {
            if (bundled.is_object() && bundled.value("id", "") == check.id)
              check.duration_ms = number_or_zero(bundled, "duration_ms");
          }
        }
      }
    }
  }

  const fs::path& bundle_;
  const json& bundled_;
  Manifest manifest_;
  mock::Accounts live_accounts_;
  std::vector<Scenario> scenarios_;
  std::vector<Waiver> waivers_;
  RederivedReport out_;
};

std::string scenario_id(const json& line, std::size_t index) {
  if (line.is_object() && line.contains("id") && line["id"].is_string()) return line["id"];
  return "#" + std::to_string(index);
}

// Which check of a scenario line a pointer inside it names, as " (scenario › check)".
std::string scenario_label(const json& derived_line, const json& bundled_line, const std::string& path) {
  std::string label = " (" + scenario_id(derived_line, 0);
  if (path.starts_with("/checks/")) {
    std::size_t index = std::strtoul(path.c_str() + 8, nullptr, 10);
    for (const json* line : {&derived_line, &bundled_line}) {
      const json& checks = line->value("checks", json::array());
      if (checks.is_array() && index < checks.size() && checks[index].is_object() && checks[index].contains("id") &&
          checks[index]["id"].is_string()) {
        label += " › " + checks[index]["id"].get<std::string>();
        break;
      }
    }
  }
  return label + ")";
}

void differences(const json& derived, const json& bundled, const std::string& prefix, bool scenario,
                 std::vector<std::string>& out) {
  for (const auto& op : json::diff(derived, bundled)) {
    const std::string path = op["path"];
    const std::string op_name = op["op"];
    const std::string at = prefix + path + (scenario ? scenario_label(derived, bundled, path) : "");
    if (op_name == "replace") {
      out.push_back(at + ": says " + mock::json_shown(op["value"]) + ", the evidence gives " +
                    mock::json_shown(derived[json::json_pointer(path)]));
    } else if (op_name == "add") {
      out.push_back(at + ": says " + mock::json_shown(op["value"]) + ", which the evidence does not give");
    } else {
      out.push_back(at + ": missing; the evidence gives " + mock::json_shown(derived[json::json_pointer(path)]));
    }
  }
}

}  // namespace

RederivedReport rederive_report(const fs::path& bundle, const json& bundled) {
  if (!bundled.is_object()) throw std::runtime_error("report.json: expected a JSON object");
  return Rederivation(bundle, bundled).go();
}

std::vector<std::string> report_differences(const json& derived, const json& bundled, std::size_t limit) {
  std::vector<std::string> out;
  json rest_derived = derived, rest_bundled = bundled;
  // Scenarios are matched by id, so one dropped or added is named as such, not as a shift of all.
  if (derived.contains("scenarios") && bundled.contains("scenarios") && derived["scenarios"].is_array() &&
      bundled["scenarios"].is_array()) {
    std::map<std::string, std::size_t> in_report;
    for (std::size_t j = 0; j < bundled["scenarios"].size(); ++j) {
      in_report[scenario_id(bundled["scenarios"][j], j)] = j;
    }
    std::vector<bool> matched(bundled["scenarios"].size(), false);
    for (std::size_t i = 0; i < derived["scenarios"].size(); ++i) {
      const json& line = derived["scenarios"][i];
      auto found = in_report.find(scenario_id(line, i));
      if (found == in_report.end()) {
        out.push_back("/scenarios: scenario " + line["id"].get<std::string>() + " is missing; the plan runs it (" +
                      line.value("verdict", "") + ")");
        continue;
      }
      matched[found->second] = true;
      if (found->second != i) {
        out.push_back("/scenarios/" + std::to_string(found->second) + ": scenario " + line["id"].get<std::string>() +
                      " is out of place; the plan puts it at /scenarios/" + std::to_string(i));
      }
      differences(line, bundled["scenarios"][found->second], "/scenarios/" + std::to_string(found->second), true, out);
    }
    for (std::size_t j = 0; j < matched.size(); ++j) {
      if (!matched[j]) {
        out.push_back("/scenarios/" + std::to_string(j) + ": scenario " + scenario_id(bundled["scenarios"][j], j) +
                      " is not one of the run's plan");
      }
    }
    rest_derived.erase("scenarios");
    rest_bundled.erase("scenarios");
  }
  differences(rest_derived, rest_bundled, "", false, out);
  if (out.size() > limit) {
    std::size_t more = out.size() - limit;
    out.resize(limit);
    out.push_back("… and " + std::to_string(more) + " more difference(s) between report.json and the evidence");
  }
  return out;
}

}  // namespace cldcert
