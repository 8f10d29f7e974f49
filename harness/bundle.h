// A report bundle's layout — the name of every file and folder in it — and the order its files are
// written in; the one place a bundle path is spelled (reports/cldcert_report/layout.py mirrors it).
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cldcert {

struct Manifest;
struct Scenario;
struct ScenarioOutcome;

// Every bundle holds this file, {"schema":"cldcert/bundle/v1","cldcert":<version>}, from its first
// moment (StagedBundle): what tells a folder cldcert may replace from anything else.
inline constexpr const char* kBundleMarker = ".cldcert-bundle";
// The SHA-256 of every other file, written last (bundle_manifest.h).
inline constexpr const char* kBundleManifest = "MANIFEST.sha256";

// The source of truth, and what renders from it.
inline constexpr const char* kReportJson = "report.json";
inline constexpr const char* kJunitXml = "junit.xml";
inline constexpr const char* kResultsSarif = "results.sarif";
inline constexpr const char* kReportHtml = "report.html";  // reports/render.py
inline constexpr const char* kReportMd = "report.md";      // reports/render.py
// Every scenario's requests in one HTTP archive, for browser dev tools.
inline constexpr const char* kEvidenceHar = "evidence.har";
// A live run's shadow fidelity: where the mock's own answers differed from the live clouds'
// (harness/live/shadow_fidelity.h). Absent in a mock run.
inline constexpr const char* kFidelityJson = "fidelity.json";

// The plan `cldcert verify` re-plans the run from, besides report.json's seed, --only, --skip-large
// and --shard. Shards of one run share it.
inline constexpr const char* kIntegrationFolder = "integration";
inline constexpr const char* kPlanFolder = "plan";
// The manifest as judged (checks read its versions and capabilities).
inline constexpr const char* kManifestCopy = "integration/cldcert.json";
// The --waivers file as given, byte for byte (absent when the run had none).
inline constexpr const char* kPlanWaivers = "plan/waivers.json";
// The --scenarios folder's *.scenario.json files (absent when the run used the built-in scenarios).
inline constexpr const char* kPlanScenarios = "plan/scenarios";
// A live run's clouds as it used them, without their secrets (live/public_accounts.h; absent in a mock run,
// whose clouds come from the seed).
inline constexpr const char* kPlanLiveAccounts = "plan/live-accounts.json";

// The folders holding one file or folder per scenario: what a shard contributes to a merged bundle.
inline constexpr std::array<const char*, 4> kScenarioFolders = {"journal", "evidence", "logs", "screenshots"};
// journal/<scenario>.jsonl: the mock's journal, one request a line.
std::string journal_path(const std::string& scenario);
// evidence/<scenario>.json: the step records and fixtures' facts (evidence_file.h).
std::string evidence_path(const std::string& scenario);
// logs/<scenario>/<step number>-<action>.log: a step's output; `index` counts from 0.
std::string step_log_path(const std::string& scenario, std::size_t index, const std::string& action);
// screenshots/<scenario>: the widget pages' screenshots cldcert.browse took.
std::string screenshots_path(const std::string& scenario);
// plan/scenarios/<file name>.
std::string plan_scenario_path(const std::filesystem::path& scenario_file);

// A file of the bundle that could not be written; what() names it.
struct BundleWriteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A text file at `relative` in `bundle`, its folders created; throws BundleWriteError.
void write_bundle_file(const std::filesystem::path& bundle, const std::string& relative, const std::string& text);

// The files report.json renders to without Python (junit.xml, results.sarif), as written: what
// `cldcert verify` compares the bundle's copies with.
struct RenderedFile {
  const char* path;
  std::string text;
};
std::vector<RenderedFile> files_from_report(const nlohmann::json& report);

// report.json, then what renders from it, each text through `redact` (merge: already redacted).
using Redact = std::function<std::string(const std::string&)>;
void write_report_files(const std::filesystem::path& bundle, const nlohmann::json& report, const Redact& redact);

// The end of writing any bundle: report.html and report.md rendered from the files written (when
// Python can), then MANIFEST.sha256, which hashes every other file. `shown` is where the user will
// find the bundle once the staged folder is swapped in.
void finish_bundle(const std::filesystem::path& bundle, const std::filesystem::path& shown);

// What `cldcert run` keeps of a run.
struct RunBundle {
  const nlohmann::json& report;
  const std::vector<ScenarioOutcome>& outcomes;
  const Manifest& manifest;
  const std::optional<std::string>& waivers_text;  // the --waivers file as read
  const std::vector<Scenario>& scenarios;          // as loaded; built-in ones are not copied
  nlohmann::json live_accounts = nullptr;          // a live run's, live::accounts_without_secrets; null: a mock run
  nlohmann::json fidelity = nullptr;               // a live run's fidelity.json; null: a mock run
};

// The whole bundle of a run, in order: plan/, report.json, junit.xml, results.sarif, the manifest
// copy, each applicable scenario's journal, evidence, logs and screenshots, evidence.har, fidelity.json, then
// finish_bundle(). Everything from the run goes through the redactor with every secret of every
// scenario; plan/ is kept byte for byte (it holds no secret cldcert generated).
void write_run_bundle(const std::filesystem::path& bundle, const std::filesystem::path& shown, const RunBundle& run);

}  // namespace cldcert
