#include "harness/run_summary.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>

#include <unistd.h>

#include "harness/bundle.h"
#include "harness/terminal_text.h"

namespace cldcert {
namespace {

std::string seconds(double ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f s", ms / 1000.0);
  return buffer;
}

// Every string of the report may hold text the integration printed or chose: shown escaped.
std::string escaped(const nlohmann::json& text) { return terminal_text(text.get<std::string>(), "      "); }

}  // namespace

bool colour_wanted(bool terminal, const char* no_color, const char* term) {
  if (no_color != nullptr && *no_color != '\0') return false;
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return terminal;
}

bool colour_terminal() {
  return colour_wanted(::isatty(STDOUT_FILENO) == 1, std::getenv("NO_COLOR"), std::getenv("TERM"));
}

std::string Style::paint(std::string_view verdict, const std::string& text) const {
  if (!color) return text;
  const char* code = verdict == "pass"                         ? "32"
                     : verdict == "fail" || verdict == "error" ? "31"
                     : verdict == "warn"                       ? "33"
                     : verdict == "waived"                     ? "35"
                                                               : "2";
  return std::string("\x1b[") + code + "m" + text + "\x1b[0m";
}

std::string scenario_line(const ScenarioOutcome& r, const Style& style) {
  std::string v = r.applicable ? std::string(verdict_name(r.verdict)) : "n/a";
  std::string detail = !r.applicable ? r.reason : !r.skipped.empty() ? r.skipped : seconds(r.duration_ms);
  return "  " + style.paint(v, v) + std::string(7 - std::min<std::size_t>(6, v.size()), ' ') +
         terminal_text(r.scenario->id) + "  " + terminal_text(detail, "      ");
}

void print_summary(const nlohmann::json& report, const Style& style, const std::filesystem::path& out) {
  std::cout << "\n";
  for (const auto& s : report["scenarios"]) {
    for (const auto& c : s["checks"]) {
      std::string v = c["verdict"];
      if (v != "fail" && v != "error" && v != "warn" && v != "waived") continue;
      std::cout << style.paint(v, v) << "  " << escaped(s["id"]) << " › " << escaped(c["id"]) << " ("
                << escaped(c.value("item", "")) << "): " << escaped(c["message"]) << "\n";
      if (c.contains("near_miss")) std::cout << "      closest passing: " << escaped(c["near_miss"]) << "\n";
      if (c.contains("hint")) std::cout << "      fix: " << escaped(c["hint"]) << "\n";
    }
    if (s.contains("reason") && s.value("errored", false)) {
      std::cout << style.paint("error", "error") << "  " << escaped(s["id"]) << ": " << escaped(s["reason"]) << "\n";
    }
  }
  std::map<std::string, int> counts;
  std::string line;
  for (const auto& item : report["checklist"]) {
    std::string v = item["verdict"];
    ++counts[v];
    if (v == "not_checked") continue;
    line += style.paint(v, item["item"].get<std::string>() + ":" + v) + " ";
  }
  std::cout << "\nchecklist: " << line << "\n";
  std::cout << "items: ";
  for (const auto& [v, n] : counts) std::cout << n << " " << v << "  ";
  if (report.contains("waivers")) {
    std::cout << "\nwaivers:\n";
    for (const auto& w : report["waivers"]) {
      std::string status = w["status"];
      std::string shown = status == "applied" ? "waived" : status == "not_run" ? "skip" : "fail";
      std::cout << "  " << style.paint(shown, status) << "  " << escaped(w["scenario"]) << " › " << escaped(w["check"])
                << " until " << escaped(w["expires"]) << ": " << escaped(w["reason"])
                << (status == "expired"   ? " — EXPIRED: fix the failure or renew the waiver with a reason"
                    : status == "stale"   ? " — STALE: the check no longer fails; remove the waiver"
                    : status == "not_run" ? " — its scenario did not run"
                                          : "")
                << "\n";
    }
  }
  char timing[160];
  std::snprintf(timing, sizeof timing, "\ntime: %.1f s; CPU: cldcert %.1f s, the integration's processes %.1f s",
                report["duration_ms"].get<double>() / 1000.0, report["cpu_s"]["cldcert"].get<double>(),
                report["cpu_s"]["integration"].get<double>());
  std::cout << timing;
  std::string verdict = report["verdict"];
  std::cout << "\n\nverdict: " << style.paint(verdict, verdict) << "   report: " << (out / kReportJson).string()
            << "\n";
  // A passing run is not yet a submission (a left-out scenario, a waiver, an unjudged must item):
  // the last line says which, so nobody submits a bundle on the strength of "verdict: pass".
  if (!report.contains("submission_ready")) return;
  const auto& readiness = report["submission_ready"];
  if (readiness.value("ready", false)) {
    std::cout << "submission-ready: " << style.paint("pass", "yes") << "\n";
    return;
  }
  std::cout << "submission-ready: " << style.paint("fail", "no") << "\n";
  for (const auto& obstacle : readiness.value("obstacles", nlohmann::json::array())) {
    std::cout << "  - " << escaped(obstacle) << "\n";
  }
}

}  // namespace cldcert
