#include "harness/run_report.h"

#include <algorithm>
#include <map>
#include <set>

#include "harness/bundle.h"
#include "harness/checks/registry.h"
#include "harness/embedded_data.h"
#include "harness/evidence_file.h"
#include "harness/manifest_lines.h"
#include "harness/version.h"

namespace cldcert {
namespace {

// Worst first: what a combined verdict becomes when its parts disagree. A failure outranks an error:
// evidence that shows a failure stands whatever could not be judged beside it (both are listed).
int severity(std::string_view verdict) {
  if (verdict == "fail") return 6;
  if (verdict == "error") return 5;
  if (verdict == "waived") return 4;  // a failure accepted for now: above warn, so it is never hidden
  if (verdict == "warn") return 3;
  if (verdict == "pass") return 2;
  if (verdict == "skip") return 1;
  return 0;
}

nlohmann::json check_json(const CheckResult& c) {
  nlohmann::json evidence = nlohmann::json::array();
  for (const auto& e : c.evidence) evidence.push_back({{"kind", e.kind}, {"ref", e.ref}, {"detail", e.detail}});
  nlohmann::json out{{"id", c.id},           {"level", c.level},     {"verdict", verdict_name(c.verdict)},
                     {"message", c.message}, {"evidence", evidence}, {"duration_ms", c.duration_ms}};
  if (const auto* def = find_check(c.id)) out["item"] = def->item;
  if (!c.expected.empty()) out["expected"] = c.expected;
  if (!c.seen.empty()) out["seen"] = c.seen;
  if (!c.hint.empty()) out["hint"] = c.hint;
  if (!c.near_miss.empty()) out["near_miss"] = c.near_miss;
  return out;
}

}  // namespace

nlohmann::json scenario_json(const ScenarioOutcome& o) {
  const Scenario& s = *o.scenario;
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& st : o.steps) {
    nlohmann::json step{{"index", st.index},
                        {"action", st.action},
                        {"cloud", st.cloud},
                        {"exit_code", st.exit_code},
                        {"expect", step_expect_to_json(st.expect)},
                        {"duration_ms", st.duration_ms},
                        {"timed_out", st.timed_out},
                        {"journal", {{"after", st.first_journal_id}, {"through", st.last_journal_id}}},
                        {"log", step_log_path(s.id, st.index, st.action)}};
    if (!st.args.empty()) step["args"] = st.args;
    if (!st.error.empty()) step["error"] = st.error;
    if (!st.skipped.empty()) step["skipped"] = st.skipped;
    if (st.concurrent_group) step["concurrent_group"] = *st.concurrent_group;
    if (!st.last_json.is_null()) step["result"] = st.last_json;
    for (const auto& leak : st.output_leaks) step["output_leaks"].push_back(output_leak_to_json(leak));
    steps.push_back(step);
  }
  nlohmann::json checks = nlohmann::json::array();
  std::vector<std::string> checklist = s.checklist;
  for (const auto& c : o.checks) {
    checks.push_back(check_json(c));
    // A check the traffic called for (checks_to_judge) brings its items: the scenario judged them.
    if (std::find(s.checks.begin(), s.checks.end(), c.id) != s.checks.end()) continue;
    if (const auto* def = find_check(c.id); def && !def->judged_wherever_answered.empty()) {
      std::vector<std::string> items = def->also;
      items.insert(items.begin(), def->item);
      for (const auto& item : items) {
        if (std::find(checklist.begin(), checklist.end(), item) == checklist.end()) checklist.push_back(item);
      }
    }
  }
  nlohmann::json sj{{"id", s.id},
                    {"title", s.title},
                    {"checklist", checklist},
                    {"level", s.level},
                    {"source", s.source},
                    {"digest", s.digest},
                    {"verdict", o.applicable ? std::string(verdict_name(o.verdict)) : "not_applicable"},
                    {"duration_ms", o.duration_ms},
                    {"steps", steps},
                    {"checks", checks},
                    {"requests", o.journal.size()}};
  if (!o.started_at.empty()) sj["started_at"] = o.started_at;
  if (!o.reason.empty()) sj["reason"] = o.reason;
  if (o.applicable && !o.reason.empty()) sj["errored"] = true;  // stopped at an error, whatever its verdict
  if (!o.skipped.empty()) sj["skipped"] = o.skipped;
  if (o.applicable) sj["journal"] = journal_path(s.id);
  return sj;
}

nlohmann::json checklist_verdicts(const std::vector<ScenarioOutcome>& outcomes) {
  nlohmann::json scenario_lines = nlohmann::json::array();
  for (const auto& o : outcomes) scenario_lines.push_back(scenario_json(o));
  return checklist_from_scenarios(scenario_lines);
}

nlohmann::json checklist_from_scenarios(const nlohmann::json& scenario_lines) {
  auto doc = nlohmann::json::parse(*embedded_file("scenarios/checklist.json"));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : doc.at("items")) {
    std::string id = item.at("id");
    std::string verdict;
    std::set<std::string> scenarios, checks;
    std::vector<std::string> not_applicable, skipped, failed, errored;
    bool left_out_subject = false;
    for (const auto& s : scenario_lines) {
      const auto& listed = s.at("checklist");
      if (std::find(listed.begin(), listed.end(), id) == listed.end()) continue;
      const std::string sid = s.at("id");
      scenarios.insert(sid);
      const std::string scenario_verdict = s.at("verdict");
      if (scenario_verdict == "not_applicable") {
        not_applicable.push_back(sid + ": " + s.value("reason", ""));
        continue;
      }
      if (s.contains("skipped")) {
        skipped.push_back(sid + ": " + s["skipped"].get<std::string>());
        // A scenario's first item is what it is about (large-files: R8): left out, nothing else
        // stands in for it.
        if (!listed.empty() && listed.front() == id) left_out_subject = true;
        continue;
      }
      for (const auto& c : s.at("checks")) {
        const auto* def = find_check(c.at("id").get<std::string>());
        if (!def || !def->serves(id)) continue;
        checks.insert(def->id);
        std::string v = c.at("verdict");
        if (v == "not_applicable") {  // the item is not applicable only if nothing else judged it
          not_applicable.push_back(def->id + " in " + sid + ": " + c.value("message", ""));
          continue;
        }
        if (severity(v) > severity(verdict)) verdict = v;
        if (v == "fail") failed.push_back(def->id + " in " + sid);
        if (v == "error") errored.push_back(def->id + " in " + sid);
      }
    }
    nlohmann::json line{{"item", id},
                        {"title", item.at("title")},
                        {"level", item.at("level")},
                        {"scenarios", scenarios},
                        {"checks", checks}};
    if (!skipped.empty()) line["skipped"] = skipped;  // shown even when other scenarios judged the item
    if (!failed.empty()) line["failed"] = failed;     // both, so that neither hides the other
    if (!errored.empty()) line["errored"] = errored;
    // The item a left-out scenario (--skip-large) is about is never a pass on the others' evidence
    // (R8 without the 1.1 GiB upload); a failure or an error found elsewhere still stands.
    const bool judged_against_it = verdict == "fail" || verdict == "error";
    if (!verdict.empty() && (!left_out_subject || judged_against_it)) {
      line["verdict"] = verdict;
    } else if (!skipped.empty()) {
      line["verdict"] = "skip";
      line["reason"] = skipped.front();
    } else if (!not_applicable.empty()) {
      line["verdict"] = "not_applicable";
      std::string reason;
      for (const auto& r : not_applicable) reason += (reason.empty() ? "" : "; ") + r;
      line["reason"] = reason;
    } else {
      line["verdict"] = "not_checked";
      line["reason"] =
          scenarios.empty() ? "no scenario of this run covers this item yet" : "no check of the scenarios ran";
    }
    items.push_back(line);
  }
  return items;
}

nlohmann::json submission_readiness(const nlohmann::json& report) {
  std::vector<std::string> obstacles;
  auto text = [](const nlohmann::json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  };
  for (const auto& s : report.value("scenarios", nlohmann::json::array())) {
    std::string scenario = text(s, "id");
    if (s.contains("skipped")) obstacles.push_back("scenario " + scenario + " was not run: " + text(s, "skipped"));
    if (s.value("errored", false)) {
      std::string reason = text(s, "reason");
      obstacles.push_back("scenario " + scenario + " errored" + (reason.empty() ? "" : ": " + reason));
    }
    for (const auto& c : s.value("checks", nlohmann::json::array())) {
      std::string verdict = text(c, "verdict"), item = text(c, "item");
      std::string name = "check " + text(c, "id") + (item.empty() ? "" : " (" + item + ")");
      std::string message = text(c, "message");
      message = message.empty() ? "" : ": " + message;
      if (verdict == "fail" && text(c, "level") == "required") {
        obstacles.push_back("required " + name + " failed in scenario " + scenario + message);
      } else if (verdict == "error") {
        obstacles.push_back(name + " errored in scenario " + scenario + message);
      } else if (verdict == "waived") {
        obstacles.push_back(name + " is waived in scenario " + scenario);
      }
    }
  }
  if (report.contains("waivers") && report["waivers"].is_array() && !report["waivers"].empty()) {
    obstacles.push_back(std::to_string(report["waivers"].size()) +
                        " waiver(s): a waived result needs Cloudinary's review");
  }
  // Items whose checks failed or errored are named above with their check; what is left is
  // the must items this run did not judge.
  std::string not_checked, skipped;
  for (const auto& line : report.value("checklist", nlohmann::json::array())) {
    if (text(line, "level") != "must") continue;
    std::string verdict = text(line, "verdict"), item = text(line, "item");
    if (verdict == "not_checked") not_checked += (not_checked.empty() ? "" : ", ") + item;
    if (verdict == "skip") skipped += (skipped.empty() ? "" : ", ") + item;
  }
  if (!skipped.empty()) obstacles.push_back("must items whose checks all skipped (nothing to judge): " + skipped);
  if (!not_checked.empty()) obstacles.push_back("must items not checked by this run: " + not_checked);
  return nlohmann::json{{"ready", obstacles.empty()}, {"obstacles", obstacles}};
}

bool run_passed(const std::vector<ScenarioOutcome>& outcomes) {
  for (const auto& o : outcomes) {
    if (o.applicable && (o.verdict == Verdict::kFail || o.verdict == Verdict::kError)) return false;
  }
  return true;
}

nlohmann::json build_report(const Manifest& m, const std::vector<ScenarioOutcome>& outcomes, const RunMetadata& meta) {
  nlohmann::json scenarios = nlohmann::json::array();
  for (const auto& o : outcomes) scenarios.push_back(scenario_json(o));
  nlohmann::json report{{"schema", "cldcert/report/v1"},
                        {"cldcert", {{"version", kVersion}}},
                        {"seed", meta.seed},
                        {"run_id", meta.run_id},
                        {"started_at", meta.started_at},
                        {"finished_at", meta.finished_at},
                        {"duration_ms", meta.duration_ms},
                        {"skip_large", meta.skip_large},
                        {"shard", meta.shard},
                        {"cpu_s", {{"cldcert", meta.cldcert_cpu_s}, {"integration", meta.integration_cpu_s}}},
                        {"only", meta.only},
                        {"integration",
                         {{"type", m.integration_type},
                          {"name", m.integration_name},
                          {"version", m.integration_version},
                          {"platform", m.platform_name},
                          {"platform_version", m.platform_version},
                          {"environment", m.environment},
                          {"capabilities", m.capabilities},
                          {"manifest", m.path.filename().string()},
                          {"manifest_digest", m.digest}}},
                        {"verdict", run_passed(outcomes) && meta.waivers_hold ? "pass" : "fail"},
                        {"scenarios", scenarios},
                        {"checklist", checklist_from_scenarios(scenarios)}};
  if (!meta.network.empty()) report["network"] = meta.network;
  // Where each action is written in the manifest: SARIF points a finding about an action's traffic there.
  // From the bytes the run loaded, which the bundle copies (`cldcert verify` reads that copy: the lines agree).
  if (auto lines = action_lines(m.text); !lines.empty()) report["integration"]["action_lines"] = lines;
  if (!meta.waivers.empty()) report["waivers"] = meta.waivers;
  if (!meta.provenance.is_null()) report["provenance"] = meta.provenance;
  // A mock run's report says nothing of a mode (older bundles read the same); a live one names its clouds.
  if (!meta.live.is_null()) {
    report["mode"] = "live";
    report["live"] = meta.live;
  }
  report["submission_ready"] = submission_readiness(report);
  return report;
}

std::string report_verdict(const nlohmann::json& report) {
  for (const auto& w : report.value("waivers", nlohmann::json::array())) {
    if (w.value("status", "") == "expired" || w.value("status", "") == "stale") return "fail";
  }
  for (const auto& s : report.at("scenarios")) {
    if (s.value("verdict", "") == "error" || s.value("errored", false)) return "fail";
    for (const auto& c : s.value("checks", nlohmann::json::array())) {
      std::string v = c.value("verdict", "");
      if (v == "fail" || v == "error") return "fail";
    }
  }
  return "pass";
}

}  // namespace cldcert
