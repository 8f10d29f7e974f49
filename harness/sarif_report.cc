#include "harness/sarif_report.h"

#include <set>
#include <string>

#include "harness/checks/registry.h"
#include "harness/file_ref.h"
#include "harness/scan/sarif_writer.h"

namespace cldcert {
namespace {

std::string level_of(const std::string& verdict) {
  if (verdict == "fail" || verdict == "error") return "error";
  if (verdict == "warn") return "warning";
  return "note";  // waived: accepted for now, still shown
}

}  // namespace

nlohmann::json report_sarif(const nlohmann::json& report) {
  nlohmann::json results = nlohmann::json::array();
  std::set<std::string> used;
  for (const auto& s : report.value("scenarios", nlohmann::json::array())) {
    for (const auto& c : s.value("checks", nlohmann::json::array())) {
      const std::string verdict = c.value("verdict", "");
      if (verdict != "fail" && verdict != "error" && verdict != "warn" && verdict != "waived") continue;
      for (const auto& e : c.value("evidence", nlohmann::json::array())) {
        if (e.value("kind", "") != "file") continue;
        FileRef ref = parse_file_ref(e.value("ref", ""));
        nlohmann::json location{
            {"artifactLocation", {{"uri", scan::path_to_uri(ref.path)}, {"uriBaseId", "%SRCROOT%"}}}};
        if (ref.line > 0) {
          location["region"] = {{"startLine", ref.line}};
          if (ref.column > 0) location["region"]["startColumn"] = ref.column;
        }
        std::string text = c.value("message", "");
        if (!e.value("detail", "").empty()) text += " — " + e.value("detail", "");
        if (c.contains("hint")) text += " Fix: " + c["hint"].get<std::string>();
        results.push_back({{"ruleId", c.value("id", "")},
                           {"level", level_of(verdict)},
                           {"message", {{"text", text}}},
                           {"locations", {{{"physicalLocation", location}}}},
                           {"properties", {{"scenario", s.value("id", "")}, {"verdict", verdict}}}});
        used.insert(c.value("id", ""));
      }
    }
  }
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& check : all_checks()) {
    if (!used.count(check.id)) continue;
    rules.push_back({{"id", check.id},
                     {"shortDescription", {{"text", check.title}}},
                     {"defaultConfiguration", {{"level", check.level == "required" ? "error" : "warning"}}},
                     {"properties", {{"checklist_item", check.item}, {"level", check.level}}}});
  }
  return scan::sarif_envelope(std::move(rules), std::move(results));
}

}  // namespace cldcert
