#include "harness/run_command.h"

#include <CLI/CLI.hpp>
#include <pthread.h>
#include <sys/resource.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "harness/bundle_folder.h"
#include "harness/bundle_manifest.h"
#include "harness/cleanup_guardian.h"
#include "harness/bundle_plan.h"
#include "harness/command_line.h"
#include "harness/evidence_file.h"
#include "harness/manifest.h"
#include "harness/process_runner.h"
#include "harness/report_command.h"
#include "harness/run_plan.h"
#include "harness/run_report.h"
#include "harness/scenario.h"
#include "harness/sarif_report.h"
#include "harness/scenario_run.h"
#include "harness/terminal_text.h"
#include "harness/version.h"
#include "harness/waivers.h"
#include "mocks/digest.h"
#include "mocks/har_export.h"
#include "mocks/id_source.h"
#include "mocks/mock_state.h"
#include "mocks/owned_temp_folder.h"

namespace cldcert {
namespace {

struct Style {
  bool color = false;
  std::string paint(std::string_view verdict, const std::string& text) const {
    if (!color) return text;
    const char* code = verdict == "pass" ? "32" : verdict == "fail" || verdict == "error" ? "31"
                     : verdict == "warn" ? "33" : verdict == "waived" ? "35" : "2";
    return std::string("\x1b[") + code + "m" + text + "\x1b[0m";
  }
};

// Set by the signal thread before it stops everything: the run is over, its bundle must not replace
// the previous one.
std::atomic<bool> interrupted{false};

// The main thread's way out once interrupted: wait for the signal thread's _Exit(130) rather than race it.
void park_if_interrupted() {
  while (interrupted.load()) ::pause();
}

std::string seconds(double ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f s", ms / 1000.0);
  return buffer;
}

std::string now_iso() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch()).count();
  return mock::iso8601_utc(ms, true);
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// The widget pages' screenshots cldcert.browse took in the scenario's work folder, for the report
// and the submission's screen captures: screenshots/<scenario>/<file name>.
void copy_screenshots(const StepRecord& step, const std::filesystem::path& dir) {
  if (step.action != "cldcert.browse" || !step.last_json.is_object()) return;
  for (const auto& page : step.last_json.value("pages", nlohmann::json::array())) {
    std::string shot = page.is_object() ? page.value("screenshot", "") : "";
    std::error_code ec;
    if (shot.empty() || !std::filesystem::exists(shot, ec)) continue;
    std::filesystem::create_directories(dir, ec);
    std::filesystem::copy_file(shot, dir / std::filesystem::path(shot).filename(),
                               std::filesystem::copy_options::overwrite_existing, ec);
  }
}

// What `cldcert verify` re-plans the run from besides the manifest: the --waivers file and the
// --scenarios files, byte for byte as the run loaded them (built-in scenarios are in the binary).
void write_plan(const std::filesystem::path& out, const std::optional<std::string>& waivers_text,
                const std::vector<Scenario>& scenarios) {
  if (waivers_text) write_file(out / kPlanWaivers, *waivers_text);
  for (const auto& s : scenarios) {
    if (s.source.starts_with("embedded:")) continue;
    write_file(out / kPlanScenarios / std::filesystem::path(s.source).filename(), s.text);
  }
}

// Everything that leaves the run goes through the redactor with every secret of every scenario.
void write_bundle(const std::filesystem::path& out, const std::filesystem::path& shown, const nlohmann::json& report,
                  const std::vector<ScenarioOutcome>& outcomes, const Manifest& manifest) {
  const mock::Redactor redactor = redactor_of(outcomes);
  auto redacted = [&](const std::string& text) { return redactor.redact(text); };
  write_file(out / "report.json", redacted(report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)) + "\n");
  write_file(out / "junit.xml", redacted(junit_xml(report)));
  write_file(out / "results.sarif", redacted(report_sarif(report).dump(1)) + "\n");
  // The manifest as judged, for `cldcert verify` (checks read its versions and capabilities).
  std::ifstream manifest_in(manifest.path, std::ios::binary);
  write_file(out / "integration" / "cldcert.json", redacted(std::string(std::istreambuf_iterator<char>(manifest_in), {})));
  std::vector<mock::JournalEntry> all;
  for (const auto& o : outcomes) {
    if (!o.applicable) continue;
    std::string lines;
    for (const auto& e : o.journal) {
      lines += redacted(nlohmann::json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) + "\n";
      all.push_back(e);
      // HAR ids must stay unique across scenarios; the scenario keeps its own numbering in journal/.
      all.back().id = all.size();
      all.back().headers.emplace_back("X-Cldcert-Scenario", o.scenario->id);
    }
    write_file(out / "journal" / (o.scenario->id + ".jsonl"), lines);
    ScenarioEvidence evidence{o.steps, o.fixtures, report.value("run_id", ""), o.scenario->id, mock::sha256_hex(lines),
                              o.reason};
    write_file(out / "evidence" / (o.scenario->id + ".json"),
               redacted(evidence_to_json(evidence).dump(1, ' ', false, nlohmann::json::error_handler_t::replace)) + "\n");
    for (const auto& st : o.steps) {
      std::string log = "$ " + st.action + " (cloud " + st.cloud + ")\nexit code: " + std::to_string(st.exit_code) +
                        (st.error.empty() ? "" : "\nerror: " + st.error) + "\n--- stdout\n" + st.stdout_text +
                        "\n--- stderr\n" + st.stderr_text + "\n";
      write_file(out / "logs" / o.scenario->id / (std::to_string(st.index + 1) + "-" + st.action + ".log"), redacted(log));
      copy_screenshots(st, out / "screenshots" / o.scenario->id);
    }
  }
  mock::HarOptions har{redactor, std::string(kVersion)};
  write_file(out / "evidence.har", mock::journal_to_har(all, har).dump(1) + "\n");
  // report.html and report.md are rendered from the redacted files just written.
  render_after_run(out, shown);
  write_bundle_manifest(out);  // last: it hashes every other file
}

// Every string of the report may hold text the integration printed or chose: shown escaped.
std::string escaped(const nlohmann::json& text) { return terminal_text(text.get<std::string>(), "      "); }

void print_summary(const nlohmann::json& report, const Style& style, const std::filesystem::path& out) {
  std::cout << "\n";
  for (const auto& s : report["scenarios"]) {
    for (const auto& c : s["checks"]) {
      std::string v = c["verdict"];
      if (v != "fail" && v != "error" && v != "warn" && v != "waived") continue;
      std::cout << style.paint(v, v) << "  " << escaped(s["id"]) << " › " << escaped(c["id"])
                << " (" << escaped(c.value("item", "")) << "): " << escaped(c["message"]) << "\n";
      if (c.contains("near_miss")) std::cout << "      closest passing: " << escaped(c["near_miss"]) << "\n";
      if (c.contains("hint")) std::cout << "      fix: " << escaped(c["hint"]) << "\n";
    }
    if (s.contains("reason") && s["verdict"] == "error") {
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
      std::cout << "  " << style.paint(shown, status) << "  " << escaped(w["scenario"]) << " › "
                << escaped(w["check"]) << " until " << escaped(w["expires"]) << ": "
                << escaped(w["reason"])
                << (status == "expired" ? " — EXPIRED: fix the failure or renew the waiver with a reason"
                    : status == "stale" ? " — STALE: the check no longer fails; remove the waiver"
                    : status == "not_run" ? " — its scenario did not run" : "")
                << "\n";
    }
  }
  char timing[160];
  std::snprintf(timing, sizeof timing, "\ntime: %.1f s; CPU: cldcert %.1f s, the integration's processes %.1f s",
                report["duration_ms"].get<double>() / 1000.0, report["cpu_s"]["cldcert"].get<double>(),
                report["cpu_s"]["integration"].get<double>());
  std::cout << timing;
  std::string verdict = report["verdict"];
  std::cout << "\n\nverdict: " << style.paint(verdict, verdict)
            << "   report: " << (out / "report.json").string() << "\n";
}

}  // namespace

void add_run_command(CLI::App& app, RunOptions& o) {
  auto* run = app.add_subcommand("run", "Drive an integration through the scenarios and judge it against the checklist");
  run->add_option("--integration", o.integration, "The integration's cldcert.json, or its folder")->required();
  run->add_option("--scenarios", o.scenarios_dir, "A folder of *.scenario.json (default: the built-in scenarios)");
  run->add_option("--only", o.only, "Run only these scenario ids (comma-separated)")->delimiter(',');
  run->add_option("--out", o.out, "Where to write the report bundle")->capture_default_str();
  run->add_option("--seed", o.seed, "Seed for the mock clouds' generated keys and ids")->capture_default_str();
  run->add_option("--jobs", o.jobs, "Scenarios run at once (default: one per core)");
  run->add_option("--env", o.env, "KEY=VALUE added to every action's environment (repeatable)");
  run->add_option("--color", o.color, "auto, always or never")->check(CLI::IsMember({"auto", "always", "never"}));
  run->add_option("--waivers", o.waivers,
                  "JSON {\"waivers\": [{check, scenario, reason, expires}]}: failures accepted until a date; "
                  "expired or stale waivers fail the run")
      ->check(CLI::ExistingFile);
  run->add_option("--shard", o.shard,
                  "K/N: run only the K-th of N deterministic shares of the scenarios (1-based), to spread a run over "
                  "N machines; combine the bundles with `cldcert merge`");
  run->add_flag("--skip-large", o.skip_large,
                "Leave out the scenarios that move gigabytes (the 1.1 GiB upload) for a quick local run; "
                "the report marks them skipped, so the bundle is not submission-ready");
}

int run_run(const RunOptions& o) {
  Manifest manifest;
  std::vector<Scenario> scenarios;
  try {
    manifest = load_manifest(o.integration);
  } catch (const ManifestError& e) {
    std::cerr << "cldcert run: the manifest is not valid:\n" << e.what() << "\n";
    return kExitBadInput;
  }
  try {
    scenarios = load_scenarios(o.scenarios_dir);
  } catch (const ScenarioError& e) {
    std::cerr << "cldcert run: the scenarios are not valid:\n" << e.what() << "\n";
    return kExitBadInput;
  }
  std::vector<Waiver> waivers;
  std::optional<std::string> waivers_text;  // the file as read, for the bundle's plan/
  if (!o.waivers.empty()) {
    try {
      waivers = load_waivers(o.waivers, &waivers_text.emplace());
      check_waiver_targets(waivers, scenarios, o.waivers);
    } catch (const WaiverError& e) {
      std::cerr << "cldcert run: the waivers are not valid:\n" << e.what() << "\n";
      return kExitBadInput;
    }
  }
  std::map<std::string, std::string> extra_env;
  for (const auto& kv : o.env) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "cldcert run: --env expects KEY=VALUE, got '" << kv << "'\n";
      return kExitBadInput;
    }
    extra_env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  // Nothing to judge must never read as a pass.
  if (scenarios.empty()) {
    std::cerr << "cldcert run: no scenario to run: " << o.scenarios_dir << " holds no *.scenario.json\n";
    return kExitBadInput;
  }
  auto planned = plan_scenarios(scenarios, o.only, o.shard);
  if (auto* e = std::get_if<PlanError>(&planned)) {
    std::cerr << "cldcert run: " << e->message << "\n";
    return kExitBadInput;
  }
  std::vector<const Scenario*> selected = std::get<0>(planned);

  Style style;
  style.color = o.color == "always" || (o.color == "auto" && ::isatty(STDOUT_FILENO));
  std::filesystem::path out = std::filesystem::absolute(o.out);
  std::error_code ec;
  if (auto problem = check_output_folder(out, {{manifest.dir, "the integration's folder"},
                                               {manifest.path, "the integration's manifest"},
                                               {std::filesystem::current_path(ec), "the current directory"}});
      !problem.empty()) {
    std::cerr << "cldcert run: --out " << problem << "\n";
    return kExitBadInput;
  }
  start_cleanup_guardian();
  mock::remove_stale_temp_folders({"cldcert-work-", "cldcert-mock-"}, std::cerr);
  // Scenario work folders (host platform copies, integration state) are scratch, not evidence.
  std::filesystem::path work;
  try {
    work = mock::make_owned_temp_folder("cldcert-work-");
  } catch (const std::exception& e) {
    std::cerr << "cldcert run: " << e.what() << "\n";
    return kExitInternal;
  }
  RunMetadata meta;
  meta.seed = o.seed;
  meta.only = o.only;
  meta.skip_large = o.skip_large;
  meta.shard = o.shard;
  meta.started_at = now_iso();
  mock::IdSource ids(o.seed);
  meta.run_id = "run-" + ids.hex(12);
  auto started = std::chrono::steady_clock::now();

  std::cout << "cldcert " << std::string(kVersion) << ": " << manifest.integration_name << " " << manifest.integration_version
            << " on " << manifest.platform_name << " " << manifest.platform_version << " — " << selected.size()
            << " scenario(s), seed " << o.seed << "\n";
  // Ctrl-C or SIGTERM: stop every integration process group we started, then leave.
  // Blocked here so every worker thread inherits the mask; one thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread([signals] {
    int received = 0;
    sigwait(&signals, &received);
    interrupted = true;
    std::cerr << "\ncldcert run: interrupted; stopping the integration's processes\n";
    kill_all_running_processes();
    mock::remove_tracked_temp_folders();  // the work folder, the mocks' data, a half-written bundle
    std::_Exit(130);
  }).detach();

  std::vector<ScenarioOutcome> outcomes(selected.size());
  std::atomic<std::size_t> next{0};
  std::mutex print;
  int jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto worker = [&] {
    for (std::size_t i = next++; i < selected.size(); i = next++) {
      ScenarioRunOptions so;
      so.seed = o.seed;
      so.work_dir = work / selected[i]->id;
      so.fixture_cache = std::filesystem::temp_directory_path() / "cldcert-fixtures";
      so.extra_env = extra_env;
      so.run_id = meta.run_id;
      so.skip_large = o.skip_large;
      try {
        outcomes[i] = run_scenario(*selected[i], manifest, so);
      } catch (const std::exception& e) {
        outcomes[i] = ScenarioOutcome{};
        outcomes[i].scenario = selected[i];
        outcomes[i].verdict = Verdict::kError;
        outcomes[i].reason = std::string("cldcert could not run it: ") + e.what();
      }
      std::lock_guard lock(print);
      const auto& r = outcomes[i];
      std::string v = r.applicable ? std::string(verdict_name(r.verdict)) : "n/a";
      std::string detail = !r.applicable ? r.reason : !r.skipped.empty() ? r.skipped : seconds(r.duration_ms);
      std::cout << "  " << style.paint(v, v) << std::string(7 - std::min<std::size_t>(6, v.size()), ' ')
                << terminal_text(selected[i]->id) << "  " << terminal_text(detail, "      ") << std::endl;
    }
  };
  std::vector<std::thread> pool;
  for (int j = 0; j < std::min<int>(jobs, static_cast<int>(selected.size())); ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();

  meta.finished_at = now_iso();
  // Where the time went: cldcert's own work (mock, checks) against the integration's processes.
  auto cpu_seconds = [](int who) {
    rusage usage{};
    getrusage(who, &usage);
    auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return s(usage.ru_utime) + s(usage.ru_stime);
  };
  meta.cldcert_cpu_s = cpu_seconds(RUSAGE_SELF);
  meta.integration_cpu_s = cpu_seconds(RUSAGE_CHILDREN);
  meta.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  // The day report.json's finished_at names, so `cldcert verify` re-applies them as of the same day.
  apply_waivers(waivers, outcomes, meta.finished_at.substr(0, 10));
  meta.waivers = waivers_json(waivers);
  meta.waivers_hold = waivers_hold(waivers);
  nlohmann::json report = build_report(manifest, outcomes, meta);
  try {
    // Written beside --out and swapped in whole, so a failed run leaves the previous bundle as it was.
    StagedBundle staged(out);
    write_plan(staged.folder(), waivers_text, scenarios);
    write_bundle(staged.folder(), out, report, outcomes, manifest);  // copies screenshots out of the work folders
    park_if_interrupted();
    staged.commit();
  } catch (const std::exception& e) {
    park_if_interrupted();  // the signal thread removed the staged folder under write_bundle
    mock::remove_owned_temp_folder(work);
    std::cerr << "cldcert run: " << e.what() << "\n";
    return kExitInternal;
  }
  mock::remove_owned_temp_folder(work);
  print_summary(report, style, out);
  return run_passed(outcomes) && meta.waivers_hold ? kExitOk : kExitFailed;
}

}  // namespace cldcert
