#include "harness/sarif_report.h"

#include <set>
#include <string>

#include "harness/checks/registry.h"
#include "harness/file_ref.h"
#include "harness/scan/sarif_writer.h"
#include "mocks/digest.h"

namespace cldcert {
namespace {

// Where a check's id, title, checklist item and level are defined: what a rule's help points to.
constexpr std::string_view kChecksFile = "harness/checks/catalog.json";

std::string level_of(const std::string& verdict) {
  if (verdict == "fail" || verdict == "error") return "error";
  if (verdict == "warn") return "warning";
  return "note";  // waived: accepted for now, still shown
}

nlohmann::json file_location(const std::string& path, long line, long column) {
  nlohmann::json location{{"artifactLocation", {{"uri", scan::path_to_uri(path)}, {"uriBaseId", "%SRCROOT%"}}}};
  if (line > 0) {
    location["region"] = {{"startLine", line}};
    if (column > 0) location["region"]["startColumn"] = column;
  }
  return {{"physicalLocation", location}};
}

// What the message says besides the check's own words: the fix on the line right after them (an
// alert's list view shows its first lines), then the evidence that has no file of its own (requests,
// steps, screenshots), so a reader of the alert sees what was sent.
std::string message_of(const nlohmann::json& check, const std::string& scenario, const std::string& located) {
  std::string text = check.value("message", "") + " (scenario " + scenario + ")";
  if (!located.empty()) text += " — " + located;
  if (check.contains("hint")) text += "\nFix: " + check["hint"].get<std::string>();
  for (const auto& e : check.value("evidence", nlohmann::json::array())) {
    if (e.value("kind", "") == "file") continue;
    text += "\n" + e.value("kind", "") + " " + e.value("ref", "");
    if (!e.value("detail", "").empty()) text += ": " + e.value("detail", "");
  }
  if (check.contains("expected")) text += "\nexpected: " + check["expected"].get<std::string>();
  if (check.contains("seen")) text += "\nseen: " + check["seen"].get<std::string>();
  return text;
}

// Stable across runs of the same finding (no times, no journal ids): the check, the scenario, the
// place and what was expected and seen, so code scanning tracks one alert instead of opening anew.
nlohmann::json fingerprint(const nlohmann::json& check, const std::string& scenario, const std::string& place) {
  return {{"cldcertFinding/v1", mock::sha256_hex(check.value("id", "") + "\n" + scenario + "\n" + place + "\n" +
                                                 check.value("expected", "") + "\n" + check.value("seen", ""))}};
}

// The manifest action whose step the check's evidence names first: a step ("upload#2") by its
// action, a request ("journal:7") by the step whose journal range holds it; "" when none does.
std::string action_of(const nlohmann::json& check, const nlohmann::json& scenario) {
  const auto steps = scenario.value("steps", nlohmann::json::array());
  for (const auto& e : check.value("evidence", nlohmann::json::array())) {
    const std::string kind = e.value("kind", ""), ref = e.value("ref", "");
    if (kind == "step") return ref.substr(0, ref.rfind('#'));
    if (kind != "request" || !ref.starts_with("journal:")) continue;
    const std::string id_text = ref.substr(8);
    if (id_text.empty() || id_text.find_first_not_of("0123456789") != std::string::npos || id_text.size() > 18)
      continue;
    const std::uint64_t id = std::stoull(id_text);
    for (const auto& step : steps) {
      const auto range = step.value("journal", nlohmann::json::object());
      if (id > range.value("after", std::uint64_t{0}) && id <= range.value("through", std::uint64_t{0}))
        return step.value("action", "");
    }
  }
  return "";
}

}  // namespace

nlohmann::json report_sarif(const nlohmann::json& report, std::string_view project_url) {
  nlohmann::json results = nlohmann::json::array();
  std::set<std::string> used;
  // The manifest sits at the integration's root (%SRCROOT%): what a finding without a file of its own
  // (the traffic of an action, a step's exit) points at.
  const auto integration = report.value("integration", nlohmann::json::object());
  const std::string manifest = integration.value("manifest", "cldcert.json");
  const auto action_lines = integration.value("action_lines", nlohmann::json::object());
  for (const auto& s : report.value("scenarios", nlohmann::json::array())) {
    const std::string scenario = s.value("id", "");
    for (const auto& c : s.value("checks", nlohmann::json::array())) {
      const std::string verdict = c.value("verdict", "");
      if (verdict != "fail" && verdict != "error" && verdict != "warn" && verdict != "waived") continue;
      nlohmann::json properties{{"scenario", scenario}, {"verdict", verdict}};
      if (c.contains("hint")) properties["fix"] = c["hint"];
      auto result = [&](nlohmann::json location, const std::string& place, const std::string& located) {
        results.push_back({{"ruleId", c.value("id", "")},
                           {"level", level_of(verdict)},
                           {"message", {{"text", message_of(c, scenario, located)}}},
                           {"locations", {std::move(location)}},
                           {"partialFingerprints", fingerprint(c, scenario, place)},
                           {"properties", properties}});
      };
      bool located = false;
      std::string elsewhere;  // files outside the repository, named on the manifest's result
      for (const auto& e : c.value("evidence", nlohmann::json::array())) {
        if (e.value("kind", "") != "file") continue;
        const std::string cited = e.value("ref", ""), detail = e.value("detail", "");
        const auto place = repository_ref(cited);
        if (!place) {
          elsewhere += (elsewhere.empty() ? "file " : "; file ") + cited + (detail.empty() ? "" : ": " + detail);
          continue;
        }
        const std::string member = place->member.empty() ? "" : "member " + place->member;
        result(file_location(place->path, place->line, place->column), cited,
               member.empty() || detail.empty() ? member + detail : member + ": " + detail);
        located = true;
      }
      if (!located) {
        // On the action that sent it, when the manifest declares one (a harness step has no line there).
        const std::string action = action_of(c, s);
        const long line = action_lines.value(action, 0L);
        result(file_location(manifest, line, 0), manifest + elsewhere,
               (line > 0 ? "action " + action + (elsewhere.empty() ? "" : "; ") : "") + elsewhere);
      }
      used.insert(c.value("id", ""));
    }
  }
  nlohmann::json rules = nlohmann::json::array();
  const std::string checks_uri = scan::project_doc_uri(kChecksFile, project_url);
  for (const auto& check : all_checks()) {
    if (!used.count(check.id)) continue;
    nlohmann::json rule{
        {"id", check.id},
        {"shortDescription", {{"text", check.title}}},
        {"help",
         {{"text", check.title + ". Checklist item " + check.item + " (" + check.level +
                       "). Each alert says how to fix it; report.html in the bundle shows the evidence, expected and "
                       "seen values, and docs/ci.md (\"Reading the outputs\") in cldcert explains the bundle."}}},
        {"defaultConfiguration", {{"level", check.level == "required" ? "error" : "warning"}}},
        {"properties",
         {{"tags", {"cldcert", "checklist-" + check.item}}, {"checklist_item", check.item}, {"level", check.level}}}};
    if (!checks_uri.empty()) rule["helpUri"] = checks_uri;
    rules.push_back(std::move(rule));
  }
  return scan::sarif_envelope(std::move(rules), std::move(results), project_url);
}

}  // namespace cldcert
