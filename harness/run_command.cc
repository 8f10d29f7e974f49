#include "harness/run_command.h"

#include <CLI/CLI.hpp>
#include <pthread.h>
#include <sys/resource.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "harness/bundle.h"
#include "harness/bundle_folder.h"
#include "harness/cleanup_guardian.h"
#include "harness/exit_codes.h"
#include "harness/github_annotations.h"
#include "harness/live/live_accounts.h"
#include "harness/live/live_run.h"
#include "harness/live/live_target.h"
#include "harness/live/run_tag.h"
#include "harness/live/preflight.h"
#include "harness/live/public_accounts.h"
#include "harness/manifest.h"
#include "harness/network/java_truststore.h"
#include "harness/network/namespace_sandbox.h"
#include "harness/network/network_mode.h"
#include "harness/network/run_ca.h"
#include "harness/network/trust_bundle.h"
#include "harness/process_runner.h"
#include "harness/provenance.h"
#include "harness/run_plan.h"
#include "harness/run_report.h"
#include "harness/run_progress.h"
#include "harness/run_summary.h"
#include "harness/scenario.h"
#include "harness/scenario_run.h"
#include "harness/terminal_text.h"
#include "harness/tls_trust_hint.h"
#include "harness/version.h"
#include "harness/waivers.h"
#include "mocks/id_source.h"
#include "mocks/mock_state.h"
#include "mocks/owned_temp_folder.h"
#include "mocks/utc_time.h"

namespace cldcert {
namespace {

// The main thread's way out once interrupted (the signal thread said stop_temp_file_writes first):
// wait for its _Exit(130) rather than race it; the run's bundle must not replace the previous one.
void park_if_interrupted() {
  while (mock::temp_files_stopping()) ::pause();
}

// What the command line points at, loaded and checked; `selected` points into `scenarios`.
struct RunInputs {
  Manifest manifest;
  std::vector<Scenario> scenarios;
  std::vector<const Scenario*> selected;
  std::vector<Waiver> waivers;
  std::optional<std::string> waivers_text;  // the file as read, for the bundle's plan/
  std::map<std::string, std::string> extra_env;
  network::NetworkMode network = network::NetworkMode::kSandbox;
  std::string network_chosen_by;  // what picked `network`, for the run's first lines
};

// kExitOk, or kExitBadInput once the first invalid input has been named on stderr.
int load_inputs(const RunOptions& o, RunInputs& in) {
  try {
    in.manifest = load_manifest(o.integration);
  } catch (const ManifestError& e) {
    std::cerr << "cldcert run: the manifest is not valid:\n" << e.what() << "\n";
    return kExitBadInput;
  }
  try {
    in.scenarios = load_scenarios(o.scenarios_dir);
  } catch (const ScenarioError& e) {
    std::cerr << "cldcert run: the scenarios are not valid:\n" << e.what() << "\n";
    return kExitBadInput;
  }
  if (!o.waivers.empty()) {
    try {
      in.waivers = load_waivers(o.waivers, &in.waivers_text.emplace());
      check_waiver_targets(in.waivers, in.scenarios, o.waivers);
    } catch (const WaiverError& e) {
      std::cerr << "cldcert run: the waivers are not valid:\n" << e.what() << "\n";
      return kExitBadInput;
    }
  }
  for (const auto& kv : o.env) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "cldcert run: --env expects KEY=VALUE, got '" << kv << "'\n";
      return kExitBadInput;
    }
    in.extra_env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  // The command line wins over the manifest, which wins over what the machine allows: the sandbox (every
  // client, hard-coded hosts too), else the proxy (no namespaces here).
  if (!o.network.empty()) {
    auto mode = network::parse_network_mode(o.network);
    if (!mode) {
      std::cerr << "cldcert run: --network expects env, proxy or sandbox, got '" << o.network << "'\n";
      return kExitBadInput;
    }
    in.network = *mode;
    in.network_chosen_by = "--network";
  } else if (in.manifest.network_mode) {
    in.network = *in.manifest.network_mode;
    in.network_chosen_by = "the manifest's network.mode";
  } else if (auto reason = network::sandbox_unavailable_reason()) {
    in.network = network::NetworkMode::kProxy;
    in.network_chosen_by = "default: no sandbox here (" + *reason + ")";
  } else {
    in.network = network::NetworkMode::kSandbox;
    in.network_chosen_by = "default";
  }
  if (in.network == network::NetworkMode::kSandbox) {
    if (auto reason = network::sandbox_unavailable_reason()) {
      std::cerr << "cldcert run: " << network::sandbox_refusal(*reason) << "\n";
      return kExitBadInput;
    }
  }
  // Nothing to judge must never read as a pass.
  if (in.scenarios.empty()) {
    std::cerr << "cldcert run: no scenario to run: " << o.scenarios_dir << " holds no *.scenario.json\n";
    return kExitBadInput;
  }
  auto planned = plan_scenarios(in.scenarios, o.only, o.shard);
  if (auto* e = std::get_if<PlanError>(&planned)) {
    std::cerr << "cldcert run: " << e->message << "\n";
    return kExitBadInput;
  }
  in.selected = std::get<0>(planned);
  return kExitOk;
}

// Whether the bundle may be written at `out` (see check_output_folder); says why not on stderr.
bool out_folder_usable(const std::filesystem::path& out, const Manifest& manifest) {
  std::error_code ec;
  if (auto problem = check_output_folder(out, {{manifest.dir, "the integration's folder"},
                                               {manifest.path, "the integration's manifest"},
                                               {std::filesystem::current_path(ec), "the current directory"}});
      !problem.empty()) {
    std::cerr << "cldcert run: --out " << problem << "\n";
    return false;
  }
  return true;
}

// Scenario work folders (host platform copies, integration state) are scratch, not evidence: one
// owned temp folder, with a guardian process to remove it (and the mocks' data) if cldcert is killed.
std::optional<std::filesystem::path> make_work_folder() {
  start_cleanup_guardian();
  mock::remove_stale_temp_folders({"cldcert-work-", "cldcert-mock-"}, std::cerr);
  try {
    return mock::make_owned_temp_folder("cldcert-work-");
  } catch (const std::exception& e) {
    std::cerr << "cldcert run: " << e.what() << "\n";
    return std::nullopt;
  }
}

RunMetadata start_metadata(const RunOptions& o) {
  RunMetadata meta;
  meta.seed = o.seed;
  meta.only = o.only;
  meta.skip_large = o.skip_large;
  meta.shard = o.shard;
  meta.started_at = mock::iso8601_utc_now();
  mock::IdSource ids(o.seed);
  meta.run_id = "run-" + ids.hex(12);
  return meta;
}

// After the lines of what a live run left behind: where it is recorded and what deletes it.
std::string live_cleanup_hint(const live::LiveRun& live) {
  if (live.ledger() == nullptr) return "";
  return "cldcert run: the ledger " + terminal_text(live.ledger()->file().string()) +
         " lists them; `cldcert live-cleanup ACCOUNTS.json` deletes them later\n";
}

// The live run in progress, for the interrupt path: what it created is deleted before cldcert leaves.
std::atomic<live::LiveRun*> g_live_run{nullptr};

// Ctrl-C or SIGTERM: stop every integration process group we started, then leave.
// Blocked here so every worker thread inherits the mask; one thread waits for them.
void stop_everything_on_signal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread([signals] {
    int received = 0;
    sigwait(&signals, &received);
    mock::stop_temp_file_writes();  // first: the main thread parks, bundle writes stop
    std::cerr << "\ncldcert run: interrupted; stopping the integration's processes\n";
    kill_all_running_processes();
    if (live::LiveRun* live = g_live_run.load()) {
      std::cerr << "cldcert run: deleting what the run created in the live clouds\n";
      // The integration's processes are gone; the requests they had sent are answered and journaled first.
      const std::vector<std::string> left = live->clean_up_when_settled(std::chrono::seconds(30));
      for (const auto& line : left) std::cerr << "cldcert run: left behind: " << line << "\n";
      if (!left.empty()) std::cerr << live_cleanup_hint(*live);
    }
    mock::remove_tracked_temp_folders();  // the work folder, the mocks' data, a half-written bundle
    std::_Exit(130);
  }).detach();
}

// proxy and sandbox: the run's CA and the bundle that trusts it, in the work folder (certificates only: the keys
// never leave memory); env: nothing.
struct RunNetwork {
  std::unique_ptr<network::RunCa> ca;
  std::filesystem::path trust_bundle;
  std::unique_ptr<network::RunCa> probe_ca;  // the unknown-issuer probe's, in no bundle
  std::filesystem::path java_truststore;     // sandbox on a machine with a JDK: the run CA as a JKS, else empty
};

RunNetwork prepare_network(network::NetworkMode mode, const std::filesystem::path& work) {
  RunNetwork out;
  if (mode == network::NetworkMode::kEnv) return out;
  out.ca = network::RunCa::create(work / "network");
  out.trust_bundle = work / "network" / "trust-bundle.pem";
  network::write_trust_bundle(out.trust_bundle, out.ca->certificate_pem());
  out.probe_ca = network::RunCa::create(work / "network" / "probe-ca");
  // A JVM reads only its cacerts keystore: the sandbox mounts this one over it. keytool starts a JVM
  // (about a second), so only where a JDK's store exists to cover.
  if (mode == network::NetworkMode::kSandbox && !network::java_cacerts_stores().empty()) {
    std::string error;
    const auto truststore = work / "network" / "java-cacerts";
    if (network::write_java_truststore(out.ca->certificate_file(), truststore, error))
      out.java_truststore = truststore;
    else
      std::cerr << "cldcert run: Java clients will not trust the run CA (" << error << ")\n";
  }
  return out;
}

// The selected scenarios on --jobs worker threads, a line printed as each finishes; a scenario
// cldcert itself could not run is an error outcome, not the end of the run.
std::vector<ScenarioOutcome> run_scenarios(const RunOptions& o, const RunInputs& in, const std::filesystem::path& work,
                                           const std::string& run_id, const Style& style, const RunNetwork& net,
                                           live::LiveRun* live) {
  const auto& selected = in.selected;
  std::vector<ScenarioOutcome> outcomes(selected.size());
  std::atomic<std::size_t> next{0};
  std::mutex print;
  Heartbeat heartbeat(ProgressBoard::of_this_run(), std::cerr, progress_terminal(), print);
  int jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Live scenarios share real clouds: one at a time, so none sees (or deletes) another's assets.
  if (live != nullptr) jobs = 1;
  auto worker = [&] {
    for (std::size_t i = next++; i < selected.size(); i = next++) {
      ScenarioRunOptions so;
      so.seed = o.seed;
      so.work_dir = work / selected[i]->id;
      so.fixture_cache = std::filesystem::temp_directory_path() / "cldcert-fixtures";
      so.extra_env = in.extra_env;
      so.run_id = run_id;
      so.skip_large = o.skip_large;
      so.network = in.network;
      so.run_ca = net.ca.get();
      so.trust_bundle = net.trust_bundle;
      so.probe_ca = net.probe_ca.get();
      so.java_truststore = net.java_truststore;
      so.live = live;
      try {
        outcomes[i] = run_scenario(*selected[i], in.manifest, so);
      } catch (const std::exception& e) {
        outcomes[i] = ScenarioOutcome{};
        outcomes[i].scenario = selected[i];
        outcomes[i].verdict = Verdict::kError;
        outcomes[i].reason = std::string("cldcert could not run it: ") + e.what();
      }
      std::lock_guard lock(print);
      heartbeat.clear();
      std::cout << scenario_line(outcomes[i], style) << std::endl;
    }
  };
  std::vector<std::thread> pool;
  for (int j = 0; j < std::min<int>(jobs, static_cast<int>(selected.size())); ++j) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  return outcomes;
}

// Where the time went: cldcert's own work (mock, checks) against the integration's processes.
void account_time(RunMetadata& meta, std::chrono::steady_clock::time_point started) {
  meta.finished_at = mock::iso8601_utc_now();
  auto cpu_seconds = [](int who) {
    rusage usage{};
    getrusage(who, &usage);
    auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return s(usage.ru_utime) + s(usage.ru_stime);
  };
  meta.cldcert_cpu_s = cpu_seconds(RUSAGE_SELF);
  meta.integration_cpu_s = cpu_seconds(RUSAGE_CHILDREN);
  meta.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
}

// Applied as of the day report.json's finished_at names, so `cldcert verify` re-applies them as of the same day.
void apply_run_waivers(std::vector<Waiver>& waivers, std::vector<ScenarioOutcome>& outcomes, RunMetadata& meta) {
  apply_waivers(waivers, outcomes, meta.finished_at.substr(0, 10));
  meta.waivers = waivers_json(waivers);
  meta.waivers_hold = waivers_hold(waivers);
}

// Written beside `out` and swapped in whole, so a failed run leaves the previous bundle as it was.
// Returns false after saying why on stderr. Screenshots are copied out of `work`, still there.
bool replace_bundle(const std::filesystem::path& out, const RunBundle& run) {
  try {
    park_if_interrupted();
    StagedBundle staged(out);
    // Interrupted while the folder was made: the signal path may have missed it, so it goes here.
    if (mock::temp_files_stopping()) throw std::runtime_error("interrupted");
    write_run_bundle(staged.folder(), out, run);
    park_if_interrupted();
    staged.commit();
    return true;
  } catch (const std::exception& e) {
    park_if_interrupted();  // the signal thread removed the staged folder under write_run_bundle
    std::cerr << "cldcert run: " << e.what() << "\n";
    return false;
  }
}

// On GitHub Actions: the findings as annotations, report.md as the job's step summary.
void report_to_github(const nlohmann::json& report, const std::filesystem::path& out) {
  std::cout << github_annotations(report) << std::flush;
  const char* summary = std::getenv("GITHUB_STEP_SUMMARY");
  std::ifstream markdown(out / kReportMd, std::ios::binary);
  if (summary == nullptr || *summary == '\0' || !markdown) return;
  const std::string text{std::istreambuf_iterator<char>(markdown), {}};
  if (!append_step_summary(summary, text, (out / "report.html").string())) {
    std::cerr << "cldcert: cannot append the report to GITHUB_STEP_SUMMARY (" << terminal_text(summary) << ")\n";
  }
}

// --live: the accounts file loaded, the upstream named, and every cloud checked before anything runs (its
// credentials accepted, no asset in it). kExitOk with `out` null for a mock run; kExitBadInput once the
// problem has been named on stderr, with nothing run.
int prepare_live(const RunOptions& o, std::unique_ptr<live::LiveRun>& out) {
  const std::string variable(live::kLiveAccountsVariable);
  const std::string source = live::live_accounts_source(o.live, std::getenv(variable.c_str()));
  const std::string named = o.live.empty() ? variable : "--live";
  if (source.empty()) {
    if (!o.live_upstream.empty() || !o.live_ca.empty() || o.live_allow_nonempty) {
      std::cerr << "cldcert run: --live-upstream, --live-ca and --live-allow-nonempty need --live ACCOUNTS.json (or "
                << variable << ")\n";
      return kExitBadInput;
    }
    return kExitOk;
  }
  live::LiveTarget target;
  if (auto problem = live::load_live_target(source, named, o.live_upstream, o.live_ca, target); !problem.empty()) {
    std::cerr << "cldcert run: " << problem << "\n";
    return kExitBadInput;
  }
  auto run = std::make_unique<live::LiveRun>(std::move(target.accounts), std::move(target.config));
  if (auto refused = live::refused_credentials(run->upstream(), run->accounts()); !refused.empty()) {
    for (const auto& line : refused) std::cerr << "cldcert run: " << terminal_text(line) << "\n";
    std::cerr << "cldcert run: nothing was run: every cloud of the live accounts file must be usable\n";
    return kExitBadInput;
  }
  if (!o.live_allow_nonempty) {
    if (auto full = live::nonempty_clouds(run->upstream(), run->accounts()); !full.empty()) {
      for (const auto& line : full) std::cerr << "cldcert run: " << terminal_text(line) << "\n";
      std::cerr << "cldcert run: nothing was run: a live run wants empty test clouds (it deletes what it creates and "
                   "must not mistake an asset for its own); --live-allow-nonempty runs anyway; what earlier runs "
                   "left, `cldcert live-cleanup` deletes\n";
      return kExitBadInput;
    }
  }
  if (auto problem = run->keep_record(live::new_live_run_id(), live::ledger_folder()); !problem.empty()) {
    std::cerr << "cldcert run: " << problem << "\ncldcert run: nothing was run: a live run records what it creates "
              << "before anything else (" << live::kStateDirVariable << " names another folder)\n";
    return kExitBadInput;
  }
  out = std::move(run);
  return kExitOk;
}

// After a live run: what it cost, and anything it could not delete (loudly: it is still in the cloud).
void report_live(const live::LiveRun& live, RunMetadata& meta) {
  meta.live = live.report_json();
  std::cout << "live: " << meta.live["requests"].get<std::uint64_t>() << " request(s), "
            << meta.live["bytes_sent"].get<std::uint64_t>() << " bytes sent, "
            << meta.live["bytes_received"].get<std::uint64_t>() << " bytes received\n";
  // What the run left of each cloud's hourly Admin API budget, as its last answer said.
  for (const auto& [cloud, budget] : meta.live["rate_limits"].items()) {
    std::cout << "live: " << terminal_text(cloud) << ": " << budget["remaining"].get<std::int64_t>()
              << (budget["limit"].is_null() ? "" : " of " + std::to_string(budget["limit"].get<std::int64_t>()))
              << " Admin API call(s) left this hour"
              << (budget["reset"].is_null() ? "" : ", until " + budget["reset"].get<std::string>()) << "\n";
  }
  const nlohmann::json& fidelity = meta.live["fidelity"];
  std::cout << "live: shadow fidelity: " << fidelity["compared"].get<std::size_t>()
            << " answer(s) compared with the mock's own, " << fidelity["differing"].get<std::size_t>() << " differed";
  if (fidelity["distinct"].get<std::size_t>() > 0)
    std::cout << " (" << fidelity["distinct"].get<std::size_t>() << " distinct difference(s), " << kFidelityJson << ")";
  std::cout << "\n";
  for (std::size_t i = 0; i < fidelity["top"].size() && i < 3; ++i)
    std::cout << "  " << terminal_text(fidelity["top"][i]["text"].get<std::string>()) << "\n";
  for (const auto& line : meta.live.value("record_problems", nlohmann::json::array()))
    std::cerr << "cldcert run: warning: " << terminal_text(line.get<std::string>()) << "\n";
  for (const auto& line : meta.live["left_behind"])
    std::cerr << "cldcert run: left behind in a live cloud: " << terminal_text(line.get<std::string>()) << "\n";
  if (!meta.live["left_behind"].empty()) std::cerr << live_cleanup_hint(live);
}

}  // namespace

void add_run_command(CLI::App& app, RunOptions& o) {
  auto* run =
      app.add_subcommand("run", "Drive an integration through the scenarios and judge it against the checklist");
  run->add_option("--integration", o.integration, "The integration's cldcert.json, or its folder")->required();
  run->add_option("--scenarios", o.scenarios_dir, "A folder of *.scenario.json (default: the built-in scenarios)");
  run->add_option("--only", o.only, "Run only these scenario ids (comma-separated)")->delimiter(',');
  run->add_option("--out", o.out, "Where to write the report bundle")->capture_default_str();
  run->add_option("--seed", o.seed, "Seed for the mock clouds' generated keys and ids")->capture_default_str();
  run->add_option("--jobs", o.jobs, "Scenarios run at once (default: one per core)")
      ->check(CLI::Range(1, 256).description("a number of scenarios from 1 to 256"));
  run->add_option("--env", o.env, "KEY=VALUE added to every action's environment (repeatable)");
  run->add_option("--color", o.color,
                  "auto (colours on a terminal, unless NO_COLOR is set or TERM=dumb), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  run->add_option("--waivers", o.waivers,
                  "JSON {\"waivers\": [{check, scenario, reason, expires}]}: failures accepted until a date; "
                  "expired or stale waivers fail the run")
      ->check(CLI::ExistingFile);
  run->add_option("--shard", o.shard,
                  "K/N: run only the K-th of N deterministic shares of the scenarios (1-based), to spread a run over "
                  "N machines; combine the bundles with `cldcert merge`");
  run->add_option("--network", o.network,
                  "How the integration's traffic reaches the mock: env (CLOUDINARY_URL's upload_prefix), proxy "
                  "(HTTPS_PROXY to cldcert, Cloudinary's real hosts over TLS with a run CA) or sandbox (each step "
                  "in a network namespace where those hosts are the mock; Linux, root); default: the manifest's "
                  "network.mode, else sandbox where the machine allows it, else proxy");
  run->add_option(
      "--live", o.live,
      "Run against real Cloudinary clouds instead of the mock: an accounts file (the mock's accounts shape, "
      "or {\"clouds\": [\"cloudinary://KEY:SECRET@CLOUD\"]}; default: $CLDCERT_LIVE_ACCOUNTS). Costs "
      "requests and bandwidth; deletes what it creates; README.md \"Live clouds\"");
  run->add_option("--live-upstream", o.live_upstream,
                  "Test-only: send live requests to https://HOST:PORT (a `cldcert serve --tls-cert …`) instead of "
                  "Cloudinary's hosts");
  run->add_option("--live-ca", o.live_ca, "Test-only: the CA (PEM) --live-upstream's certificate must chain to")
      ->check(CLI::ExistingFile);
  run->add_flag("--live-allow-nonempty", o.live_allow_nonempty,
                "Run live against clouds that already hold assets (by default refused: the run deletes only what it "
                "created, but must not be mistaken for the owner of the rest)");
  run->add_flag("--skip-large", o.skip_large,
                "Leave out the scenarios that move gigabytes (the 1.1 GiB upload) for a quick local run; "
                "the report marks them skipped, so the bundle is not submission-ready");
}

int run_run(const RunOptions& o) {
  RunInputs in;
  if (int code = load_inputs(o, in); code != kExitOk) return code;
  Style style;
  style.color = o.color == "always" || (o.color == "auto" && colour_terminal());
  const std::filesystem::path out = std::filesystem::absolute(o.out);
  if (!out_folder_usable(out, in.manifest)) return kExitBadInput;
  std::unique_ptr<live::LiveRun> live;
  if (int code = prepare_live(o, live); code != kExitOk) return code;
  const std::optional<std::filesystem::path> work = make_work_folder();
  if (!work) return kExitInternal;
  RunMetadata meta = start_metadata(o);
  meta.provenance = run_provenance(o.command_line, in.manifest.dir);
  meta.network = std::string(network::network_mode_name(in.network));
  auto started = std::chrono::steady_clock::now();

  std::cout << "cldcert " << std::string(kVersion) << ": " << in.manifest.integration_name << " "
            << in.manifest.integration_version << " on " << in.manifest.platform_name << " "
            << in.manifest.platform_version << " — " << in.selected.size() << " scenario(s), seed " << o.seed << "\n";
  std::cout << "network: " << network::network_mode_name(in.network)
            << (in.network == network::NetworkMode::kProxy
                    ? " (HTTPS_PROXY/HTTP_PROXY to cldcert, TLS with a run CA; other hosts refused)\n"
                : in.network == network::NetworkMode::kSandbox
                    ? " (each step in a network namespace: Cloudinary's hosts answered by the mock over TLS with a "
                      "run CA; other hosts refused)\n"
                    : " (CLOUDINARY_URL's upload_prefix points at the mock)\n")
            << "  chosen by " << in.network_chosen_by
            << "; pin one with --network env|proxy|sandbox or the manifest's network.mode\n";
  if (live) {
    std::cout << "live: the clouds of the accounts file, through "
              << (o.live_upstream.empty() ? "Cloudinary's hosts" : "the test-only upstream " + o.live_upstream)
              << "; one scenario at a time; what a scenario creates is deleted after it\n"
              << "  run " << live->run_id() << ": each asset it creates is tagged " << live::run_tag(live->run_id())
              << ", and everything it creates is listed in " << terminal_text(live->ledger()->file().string())
              << " until deleted\n";
  }
  if (live) live->spill_answers_to(*work / "live-answers");
  g_live_run = live.get();
  struct ForgetLiveRun {
    ~ForgetLiveRun() { g_live_run = nullptr; }
  } forget_live_run;
  stop_everything_on_signal();
  RunNetwork net;
  try {
    net = prepare_network(in.network, *work);
  } catch (const std::exception& e) {
    std::cerr << "cldcert run: --network " << network::network_mode_name(in.network) << ": " << e.what() << "\n";
    mock::remove_owned_temp_folder(*work);
    return kExitInternal;
  }
  std::vector<ScenarioOutcome> outcomes = run_scenarios(o, in, *work, meta.run_id, style, net, live.get());
  if (live) {
    live->clean_up();  // what a scenario cldcert could not finish left
    report_live(*live, meta);
  }
  account_time(meta, started);
  apply_run_waivers(in.waivers, outcomes, meta);
  const nlohmann::json report = build_report(in.manifest, outcomes, meta);
  const bool written =
      replace_bundle(out, {report, outcomes, in.manifest, in.waivers_text, in.scenarios,
                           live ? live::accounts_without_secrets(live->accounts()) : nlohmann::json(nullptr),
                           live ? live->fidelity().document() : nlohmann::json(nullptr)});
  mock::remove_owned_temp_folder(*work);
  if (!written) return kExitInternal;
  std::cout << tls_trust_hint(outcomes);  // before the summary, whose last line is the verdict
  print_summary(report, style, out);
  if (const char* actions = std::getenv("GITHUB_ACTIONS"); actions != nullptr && std::string_view(actions) == "true") {
    report_to_github(report, out);
  }
  return run_passed(outcomes) && meta.waivers_hold ? kExitOk : kExitFailed;
}

}  // namespace cldcert
