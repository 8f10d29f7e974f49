#include "harness/run_report.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "harness/checks/registry.h"
#include "harness/embedded_data.h"
#include "harness/evidence_file.h"
#include "harness/version.h"

namespace cldcert {
namespace {

// Worst first: what a combined verdict becomes when its parts disagree.
int severity(std::string_view verdict) {
  if (verdict == "error") return 6;
  if (verdict == "fail") return 5;
  if (verdict == "waived") return 4;  // a failure accepted for now: above warn, so it is never hidden
  if (verdict == "warn") return 3;
  if (verdict == "pass") return 2;
  if (verdict == "skip") return 1;
  return 0;
}

nlohmann::json check_json(const CheckResult& c) {
  nlohmann::json evidence = nlohmann::json::array();
  for (const auto& e : c.evidence) evidence.push_back({{"kind", e.kind}, {"ref", e.ref}, {"detail", e.detail}});
  nlohmann::json out{{"id", c.id}, {"level", c.level}, {"verdict", verdict_name(c.verdict)}, {"message", c.message},
                     {"evidence", evidence}};
  if (const auto* def = find_check(c.id)) out["item"] = def->item;
  if (!c.expected.empty()) out["expected"] = c.expected;
  if (!c.seen.empty()) out["seen"] = c.seen;
  if (!c.hint.empty()) out["hint"] = c.hint;
  if (!c.near_miss.empty()) out["near_miss"] = c.near_miss;
  return out;
}

// Length of the well-formed UTF-8 sequence starting at text[at] (RFC 3629: no overlong forms,
// no surrogates, nothing past U+10FFFF), with its code point; 0 when the bytes are not one.
std::size_t utf8_sequence(std::string_view text, std::size_t at, std::uint32_t& code_point) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(at);
  std::size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  if (length == 0 || lead > 0xf4 || at + length > text.size()) return 0;
  code_point = lead & (0x7f >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xc0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(at + i) & 0x3f);
  }
  static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kSmallest[length] || code_point > 0x10ffff || (code_point >= 0xd800 && code_point <= 0xdfff)) return 0;
  return length;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (std::size_t at = 0; at < text.size(); ++at) {
    char c = text[at];
    if (static_cast<unsigned char>(c) >= 0x80) {
      // The file says UTF-8: a stray byte (a Latin-1 User-Agent, binary in a log) or a code point
      // XML forbids (U+FFFE, U+FFFF) would make it unreadable, so it becomes U+FFFD.
      std::uint32_t code_point = 0;
      std::size_t length = utf8_sequence(text, at, code_point);
      if (length == 0 || code_point == 0xfffe || code_point == 0xffff) {
        out += "\xef\xbf\xbd";
      } else {
        out.append(text.substr(at, length));
        at += length - 1;
      }
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters even escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') out += ' ';
        else out.push_back(c);
    }
  }
  return out;
}

}  // namespace

nlohmann::json scenario_json(const ScenarioOutcome& o) {
  const Scenario& s = *o.scenario;
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& st : o.steps) {
    nlohmann::json step{{"index", st.index}, {"action", st.action}, {"cloud", st.cloud}, {"exit_code", st.exit_code},
                        {"expected_failure", st.expected_failure},
                        {"duration_ms", st.duration_ms}, {"timed_out", st.timed_out},
                        {"journal", {{"after", st.first_journal_id}, {"through", st.last_journal_id}}},
                        {"log", "logs/" + s.id + "/" + std::to_string(st.index + 1) + "-" + st.action + ".log"}};
    if (!st.args.empty()) step["args"] = st.args;
    if (!st.error.empty()) step["error"] = st.error;
    if (!st.last_json.is_null()) step["result"] = st.last_json;
    for (const auto& leak : st.output_leaks) step["output_leaks"].push_back(output_leak_to_json(leak));
    steps.push_back(step);
  }
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& c : o.checks) checks.push_back(check_json(c));
  nlohmann::json sj{{"id", s.id}, {"title", s.title}, {"checklist", s.checklist}, {"level", s.level},
                    {"source", s.source}, {"digest", s.digest},
                    {"verdict", o.applicable ? std::string(verdict_name(o.verdict)) : "not_applicable"},
                    {"duration_ms", o.duration_ms}, {"steps", steps}, {"checks", checks},
                    {"requests", o.journal.size()}};
  if (!o.reason.empty()) sj["reason"] = o.reason;
  if (!o.skipped.empty()) sj["skipped"] = o.skipped;
  if (o.applicable) sj["journal"] = "journal/" + s.id + ".jsonl";
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
    std::vector<std::string> not_applicable, skipped;
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
        continue;
      }
      if (scenario_verdict == "error") {
        verdict = severity(verdict) >= severity("error") ? verdict : "error";
      }
      for (const auto& c : s.at("checks")) {
        const auto* def = find_check(c.at("id").get<std::string>());
        if (!def || !def->serves(id)) continue;
        checks.insert(def->id);
        std::string v = c.at("verdict");
        if (severity(v) > severity(verdict)) verdict = v;
      }
    }
    nlohmann::json line{{"item", id}, {"title", item.at("title")}, {"level", item.at("level")},
                        {"scenarios", scenarios}, {"checks", checks}};
    if (!skipped.empty()) line["skipped"] = skipped;  // shown even when other scenarios judged the item
    if (!verdict.empty()) {
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
      line["reason"] = scenarios.empty() ? "no scenario of this run covers this item yet" : "no check of the scenarios ran";
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
    if (text(s, "verdict") == "error") {
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
    obstacles.push_back(std::to_string(report["waivers"].size()) + " waiver(s): a waived result needs Cloudinary's review");
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
  nlohmann::json report{
      {"schema", "cldcert/report/v1"},
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
       {{"type", m.integration_type}, {"name", m.integration_name}, {"version", m.integration_version},
        {"platform", m.platform_name}, {"platform_version", m.platform_version}, {"environment", m.environment},
        {"capabilities", m.capabilities}, {"manifest", m.path.filename().string()}, {"manifest_digest", m.digest}}},
      {"verdict", run_passed(outcomes) && meta.waivers_hold ? "pass" : "fail"},
      {"scenarios", scenarios},
      {"checklist", checklist_from_scenarios(scenarios)}};
  if (!meta.waivers.empty()) report["waivers"] = meta.waivers;
  report["submission_ready"] = submission_readiness(report);
  return report;
}

std::string report_verdict(const nlohmann::json& report) {
  for (const auto& w : report.value("waivers", nlohmann::json::array())) {
    if (w.value("status", "") == "expired" || w.value("status", "") == "stale") return "fail";
  }
  for (const auto& s : report.at("scenarios")) {
    if (s.value("verdict", "") == "error") return "fail";
    for (const auto& c : s.value("checks", nlohmann::json::array())) {
      std::string v = c.value("verdict", "");
      if (v == "fail" || v == "error") return "fail";
    }
  }
  return "pass";
}

std::string junit_xml(const nlohmann::json& report) {
  std::string cases;
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  std::string suites;
  for (const auto& s : report["scenarios"]) {
    std::string name = s["id"];
    int t = 0, f = 0, e = 0, k = 0;
    std::string body;
    auto testcase = [&](const std::string& case_name, const std::string& verdict, const std::string& message,
                        const std::string& details, double seconds) {
      ++t;
      body += "    <testcase classname=\"" + xml_escape(name) + "\" name=\"" + xml_escape(case_name) + "\" time=\"" +
              std::to_string(seconds) + "\">";
      if (verdict == "fail") {
        ++f;
        body += "<failure message=\"" + xml_escape(message) + "\">" + xml_escape(details) + "</failure>";
      } else if (verdict == "error") {
        ++e;
        body += "<error message=\"" + xml_escape(message) + "\">" + xml_escape(details) + "</error>";
      } else if (verdict == "skip" || verdict == "not_applicable" || verdict == "waived") {
        ++k;
        body += "<skipped message=\"" + xml_escape(message) + "\"/>";
      } else if (verdict == "warn") {
        body += "<system-out>" + xml_escape("warning: " + message) + "</system-out>";
      }
      body += "</testcase>\n";
    };
    std::string verdict = s["verdict"];
    if (verdict == "not_applicable") {
      testcase("applicability", "not_applicable", s.value("reason", ""), "", 0);
    } else if (s.contains("skipped")) {
      testcase("run", "skip", s["skipped"], "", 0);
    } else {
      if (s.contains("reason")) testcase("steps", "error", s["reason"], s["reason"], 0);
      for (const auto& c : s["checks"]) {
        std::string details = c.value("message", "");
        if (c.contains("expected")) details += "\nexpected: " + c["expected"].get<std::string>();
        if (c.contains("seen")) details += "\nseen: " + c["seen"].get<std::string>();
        if (c.contains("hint")) details += "\nhow to fix: " + c["hint"].get<std::string>();
        for (const auto& ev : c["evidence"]) details += "\nevidence: " + ev["ref"].get<std::string>() + " " + ev["detail"].get<std::string>();
        testcase(c["id"], c["verdict"], c["message"], details, 0);
      }
    }
    tests += t; failures += f; errors += e; skipped += k;
    suites += "  <testsuite name=\"" + xml_escape(name) + "\" tests=\"" + std::to_string(t) + "\" failures=\"" +
              std::to_string(f) + "\" errors=\"" + std::to_string(e) + "\" skipped=\"" + std::to_string(k) +
              "\" time=\"" + std::to_string(s["duration_ms"].get<double>() / 1000.0) + "\">\n" + body + "  </testsuite>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cldcert\" tests=\"" + std::to_string(tests) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" +
         std::to_string(skipped) + "\">\n" + suites + "</testsuites>\n";
}

}  // namespace cldcert
