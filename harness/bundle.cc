#include "harness/bundle.h"

#include <fstream>

#include "harness/bundle_manifest.h"
#include "harness/evidence_file.h"
#include "harness/junit_report.h"
#include "harness/manifest.h"
#include "harness/report_command.h"
#include "harness/sarif_report.h"
#include "harness/scenario.h"
#include "harness/scenario_run.h"
#include "harness/version.h"
#include "mocks/digest.h"
#include "mocks/har_export.h"
#include "mocks/owned_temp_folder.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

// The widget pages' screenshots cldcert.browse took in the scenario's work folder, for the report
// and the submission's screen captures.
void copy_screenshots(const StepRecord& step, const fs::path& dir) {
  if (step.action != "cldcert.browse" || !step.last_json.is_object()) return;
  for (const auto& page : step.last_json.value("pages", nlohmann::json::array())) {
    std::string shot = page.is_object() ? page.value("screenshot", "") : "";
    std::error_code ec;
    if (shot.empty() || !fs::exists(shot, ec)) continue;
    fs::create_directories(dir, ec);
    fs::copy_file(shot, dir / fs::path(shot).filename(), fs::copy_options::overwrite_existing, ec);
  }
}

// What `cldcert verify` re-plans the run from besides the manifest: the --waivers file and the
// --scenarios files, byte for byte as the run loaded them (built-in scenarios are in the binary).
void write_plan(const fs::path& bundle, const RunBundle& run) {
  if (run.waivers_text) write_bundle_file(bundle, kPlanWaivers, *run.waivers_text);
  for (const auto& s : run.scenarios) {
    if (s.source.starts_with("embedded:")) continue;
    write_bundle_file(bundle, plan_scenario_path(s.source), s.text);
  }
}

std::string step_log(const StepRecord& st) {
  return "$ " + st.action + " (cloud " + st.cloud + ")\nexit code: " + std::to_string(st.exit_code) +
         (st.error.empty() ? "" : "\nerror: " + st.error) + "\n--- stdout\n" + st.stdout_text + "\n--- stderr\n" +
         st.stderr_text + "\n";
}

// journal/, evidence/, logs/ and screenshots/ of one scenario; its requests become a HAR page.
void write_scenario_evidence(const fs::path& bundle, const ScenarioOutcome& o, const std::string& run_id,
                             const Redact& redacted, std::vector<mock::HarPage>& har_pages, std::uint64_t& har_ids) {
  const std::string& id = o.scenario->id;
  std::string lines;
  mock::HarPage& page = har_pages.emplace_back(mock::HarPage{id, o.scenario->title, {}});
  for (const auto& e : o.journal) {
    lines += redacted(nlohmann::json(e).dump(-1, ' ', false, kReplace)) + "\n";
    // HAR ids must stay unique across scenarios; the scenario keeps its own numbering in journal/.
    page.entries.push_back(e);
    page.entries.back().id = ++har_ids;
  }
  write_bundle_file(bundle, journal_path(id), lines);
  ScenarioEvidence evidence{o.steps, o.fixtures, run_id, id, mock::sha256_hex(lines), o.reason, o.secret_facts};
  write_bundle_file(bundle, evidence_path(id),
                    redacted(evidence_to_json(evidence).dump(1, ' ', false, kReplace)) + "\n");
  for (const auto& st : o.steps) {
    write_bundle_file(bundle, step_log_path(id, st.index, st.action), redacted(step_log(st)));
    copy_screenshots(st, bundle / screenshots_path(id));
  }
}

}  // namespace

std::string journal_path(const std::string& scenario) { return "journal/" + scenario + ".jsonl"; }

std::string evidence_path(const std::string& scenario) { return "evidence/" + scenario + ".json"; }

std::string step_log_path(const std::string& scenario, std::size_t index, const std::string& action) {
  return "logs/" + scenario + "/" + std::to_string(index + 1) + "-" + action + ".log";
}

std::string screenshots_path(const std::string& scenario) { return "screenshots/" + scenario; }

std::string plan_scenario_path(const fs::path& scenario_file) {
  return std::string(kPlanScenarios) + "/" + scenario_file.filename().string();
}

void write_bundle_file(const fs::path& bundle, const std::string& relative, const std::string& text) {
  const fs::path path = bundle / relative;
  // Interrupted: the signal path removes the staged folder; writing on would bring it back.
  if (mock::temp_files_stopping()) throw BundleWriteError("interrupted before writing " + path.string());
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw BundleWriteError("cannot write " + path.string());
}

std::vector<RenderedFile> files_from_report(const nlohmann::json& report) {
  return {{kJunitXml, junit_xml(report)}, {kResultsSarif, report_sarif(report).dump(1) + "\n"}};
}

void write_report_files(const fs::path& bundle, const nlohmann::json& report, const Redact& redact) {
  write_bundle_file(bundle, kReportJson, redact(report.dump(2, ' ', false, kReplace)) + "\n");
  for (const auto& [path, text] : files_from_report(report)) write_bundle_file(bundle, path, redact(text));
}

void finish_bundle(const fs::path& bundle, const fs::path& shown) {
  render_after_run(bundle, shown);
  write_bundle_manifest(bundle);  // last: it hashes every other file
}

void write_run_bundle(const fs::path& bundle, const fs::path& shown, const RunBundle& run) {
  write_plan(bundle, run);
  // Everything that leaves the run goes through one redactor holding every scenario's secrets.
  const mock::Redactor redactor = redactor_of(run.outcomes);
  const Redact redacted = [&](const std::string& text) { return redactor.redact(text); };
  write_report_files(bundle, run.report, redacted);
  write_bundle_file(bundle, kManifestCopy, redacted(run.manifest.text));
  if (!run.live_accounts.is_null())
    write_bundle_file(bundle, kPlanLiveAccounts, redacted(run.live_accounts.dump(1)) + "\n");
  std::vector<mock::HarPage> har_pages;
  std::uint64_t har_ids = 0;
  for (const auto& o : run.outcomes) {
    if (o.applicable) write_scenario_evidence(bundle, o, run.report.value("run_id", ""), redacted, har_pages, har_ids);
  }
  mock::HarOptions har{redactor, std::string(kVersion)};
  write_bundle_file(bundle, kEvidenceHar, mock::pages_to_har(har_pages, har).dump(1) + "\n");
  if (!run.fidelity.is_null()) write_bundle_file(bundle, kFidelityJson, redacted(run.fidelity.dump(1)) + "\n");
  finish_bundle(bundle, shown);  // report.html and report.md rendered from the redacted files just written
}

}  // namespace cldcert
