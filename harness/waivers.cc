#include "harness/waivers.h"

#include <algorithm>
#include <map>
#include <regex>

#include "harness/checks/registry.h"
#include "harness/closest_name.h"
#include "mocks/bounded_json.h"
#include "mocks/json_problems.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

bool valid_date(const std::string& text) {
  static const std::regex kDate(R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))");
  return std::regex_match(text, kDate);
}

// "; did you mean \"x\"?" when one is close, else the known ids when there are few.
std::string known_ids_hint(const std::string& name, const std::vector<std::string>& known) {
  if (auto closest = closest_name(name, known)) return "; did you mean \"" + *closest + "\"?";
  if (known.empty() || known.size() > 12) return "";
  std::string out = "; known: ";
  for (std::size_t i = 0; i < known.size(); ++i) out += (i ? ", " : "") + known[i];
  return out;
}

}  // namespace

WaiverError::WaiverError(std::vector<std::string> p)
    : std::runtime_error(text::join(p, "\n")), problems(std::move(p)) {}

std::vector<Waiver> parse_waivers(const nlohmann::json& doc, const std::string& source) {
  std::vector<std::string> problems;
  std::vector<Waiver> out;
  if (!doc.is_object() || !doc.contains("waivers") || !doc["waivers"].is_array()) {
    throw WaiverError({source + ": /waivers: expected an array of {check, scenario, reason, expires}"});
  }
  for (std::size_t i = 0; i < doc["waivers"].size(); ++i) {
    const auto& w = doc["waivers"][i];
    std::string at = source + ": /waivers/" + std::to_string(i);
    if (!w.is_object()) {
      problems.push_back(at + ": expected an object, found " + w.dump());
      continue;
    }
    Waiver waiver;
    auto text = [&](const char* key, std::string& into, const char* expected) {
      if (!w.contains(key) || !w[key].is_string() || w[key].get<std::string>().empty()) {
        problems.push_back(at + "/" + key + ": expected " + expected + ", found " +
                           (w.contains(key) ? w[key].dump() : "nothing"));
      } else {
        into = w[key].get<std::string>();
      }
    };
    text("check", waiver.check, "a check id such as \"ua.sdk\"");
    text("scenario", waiver.scenario, "a scenario id such as \"upload-basics\"");
    text("reason", waiver.reason, "why the failure is accepted for now, for the reviewer");
    text("expires", waiver.expires, "the last day it holds, YYYY-MM-DD");
    if (!waiver.expires.empty() && !valid_date(waiver.expires)) {
      problems.push_back(at + "/expires: expected a date YYYY-MM-DD, found \"" + waiver.expires + "\"");
    }
    out.push_back(std::move(waiver));
  }
  if (!problems.empty()) throw WaiverError(problems);
  return out;
}

std::vector<Waiver> load_waivers(const std::filesystem::path& path, std::string* bytes) {
  mock::FileText text = mock::read_file_text(path);
  if (!text.error.empty()) throw WaiverError({path.string() + ": " + text.error});
  mock::ParsedJson parsed = mock::parse_json_text(text.text, mock::DuplicateKeys::kRefuse);
  if (!parsed.error.empty()) throw WaiverError({path.string() + ": " + parsed.error});
  if (bytes) *bytes = std::move(text.text);
  return parse_waivers(parsed.doc, path.string());
}

void check_waiver_targets(const std::vector<Waiver>& waivers, const std::vector<Scenario>& scenarios,
                          const std::string& source) {
  std::vector<std::string> scenario_ids, check_ids;
  for (const auto& s : scenarios) scenario_ids.push_back(s.id);
  for (const auto& c : all_checks()) check_ids.push_back(c.id);
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < waivers.size(); ++i) {
    const Waiver& w = waivers[i];
    const std::string at = source + ": /waivers/" + std::to_string(i);
    if (std::find(check_ids.begin(), check_ids.end(), w.check) == check_ids.end()) {
      problems.push_back(at + "/check: no check is called \"" + w.check + "\"" + known_ids_hint(w.check, check_ids) +
                         " (cldcert list shows every check)");
    }
    auto scenario =
        std::find_if(scenarios.begin(), scenarios.end(), [&](const Scenario& s) { return s.id == w.scenario; });
    if (scenario == scenarios.end()) {
      problems.push_back(at + "/scenario: no scenario is called \"" + w.scenario + "\"" +
                         known_ids_hint(w.scenario, scenario_ids) + " (cldcert list shows every scenario)");
    } else if (std::find(check_ids.begin(), check_ids.end(), w.check) != check_ids.end() &&
               std::find(scenario->checks.begin(), scenario->checks.end(), w.check) == scenario->checks.end()) {
      problems.push_back(at + "/check: scenario \"" + w.scenario + "\" does not run \"" + w.check + "\"" +
                         known_ids_hint(w.check, scenario->checks));
    }
  }
  if (!problems.empty()) throw WaiverError(problems);
}

void apply_waivers(std::vector<Waiver>& waivers, std::vector<ScenarioOutcome>& outcomes, const std::string& today) {
  for (auto& w : waivers) {
    ScenarioOutcome* outcome = nullptr;
    for (auto& o : outcomes) {
      if (o.scenario && o.scenario->id == w.scenario && o.applicable && o.skipped.empty()) outcome = &o;
    }
    if (!outcome) {
      w.status = "not_run";
      continue;
    }
    // ISO dates compare as text.
    if (w.expires < today) {
      w.status = "expired";
      continue;
    }
    w.status = "stale";
    for (auto& c : outcome->checks) {
      if (c.id == w.check && c.verdict == Verdict::kFail) {
        c.verdict = Verdict::kWaived;
        c.message = waived_prefix(w.expires, w.reason) + c.message;
        w.status = "applied";
      }
    }
    // A scenario whose only failures are waived no longer fails (an error it had still shows).
    if (w.status == "applied") outcome->verdict = scenario_verdict(*outcome);
  }
}

std::string waived_prefix(const std::string& expires, const std::string& reason) {
  return "waived until " + expires + " (" + reason + "): ";
}

bool waivers_hold(const std::vector<Waiver>& waivers) {
  for (const auto& w : waivers) {
    if (w.status == "expired" || w.status == "stale") return false;
  }
  return true;
}

nlohmann::json waivers_json(const std::vector<Waiver>& waivers) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& w : waivers) {
    out.push_back({{"check", w.check},
                   {"scenario", w.scenario},
                   {"reason", w.reason},
                   {"expires", w.expires},
                   {"status", w.status}});
  }
  return out;
}

nlohmann::json merge_waiver_statuses(const std::vector<nlohmann::json>& shard_waivers) {
  std::vector<std::string> order;
  std::map<std::string, nlohmann::json> by_key;
  for (const auto& waivers : shard_waivers) {
    if (!waivers.is_array()) continue;
    for (const auto& w : waivers) {
      if (!w.is_object()) continue;
      std::string key = w.value("scenario", "") + "\n" + w.value("check", "");
      if (!by_key.count(key)) {
        order.push_back(key);
        by_key[key] = w;
      } else if (by_key[key].value("status", "") == "not_run") {
        by_key[key] = w;
      }
    }
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& key : order) out.push_back(by_key[key]);
  return out;
}

}  // namespace cldcert
