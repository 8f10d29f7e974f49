#include "harness/scenario_run.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <set>
#include <thread>

#include "harness/checks/registry.h"
#include "harness/evidence_file.h"
#include "harness/fixture_files.h"
#include "harness/harness_steps.h"
#include "harness/integration_session.h"
#include "harness/live/cdn_signatures.h"
#include "harness/live/live_run.h"
#include "harness/missing_evidence.h"
#include "harness/network/scenario_sandbox.h"
#include "harness/network/tls_front.h"
#include "harness/placeholders.h"
#include "harness/process_runner.h"
#include "harness/run_progress.h"
#include "harness/steps/host_steps.h"
#include "harness/steps/secret_scan_step.h"
#include "mocks/bounded_json.h"
#include "mocks/cloudinary_url.h"
#include "mocks/digest.h"
#include "mocks/http_server.h"
#include "mocks/mock_cloudinary.h"
#include "mocks/utc_time.h"

namespace cldcert {
namespace {

std::string env_name(const std::string& arg) {
  std::string out = "CLDCERT_ARG_";
  for (char c : arg)
    out.push_back(std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(c)) : '_');
  return out;
}

std::string text_of(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// How long a session has to exit by itself once its stdin is closed, before its group is stopped.
constexpr std::chrono::milliseconds kSessionExitGrace{2000};

// Keeps the last `n` bytes of a log for messages ("last output").
std::string tail(const std::string& text, std::size_t n) {
  return text.size() <= n ? text : "…" + text.substr(text.size() - n);
}

// The mock's server thread for one scenario, stopped and joined on every way out of it: a thread
// still joinable when an exception leaves the scope calls std::terminate, taking the whole run down
// instead of making this one scenario an error.
class ServingThread {
 public:
  explicit ServingThread(mock::HttpServer& server) : server_(server), thread_([&server] { server.run(); }) {
    server_.wait_until_running();
  }
  ~ServingThread() { stop(); }
  void stop() {
    if (!thread_.joinable()) return;
    server_.stop();
    thread_.join();
  }

 private:
  mock::HttpServer& server_;
  std::thread thread_;
};

class Run {
 public:
  Run(const Scenario& scenario, const Manifest& manifest, const ScenarioRunOptions& options)
      : scenario_(scenario), manifest_(manifest), options_(options) {}

  ScenarioOutcome go() {
    auto started = std::chrono::steady_clock::now();
    if (auto not_run = outcome_without_running(scenario_, manifest_, options_.skip_large)) return std::move(*not_run);
    if (options_.live != nullptr) {
      if (auto reason = options_.live->not_applicable_reason(scenario_)) {
        outcome_.scenario = &scenario_;
        outcome_.verdict = Verdict::kSkip;
        outcome_.applicable = false;
        outcome_.reason = *reason;
        return std::move(outcome_);
      }
    }
    outcome_.started_at = mock::iso8601_utc_now();
    ProgressBoard::of_this_run().started(scenario_.id);
    struct Finished {
      const std::string& id;
      ~Finished() { ProgressBoard::of_this_run().finished(id); }
    } finished{scenario_.id};
    outcome_.scenario = &scenario_;
    mock::MockOptions mock_options;
    mock_options.seed = options_.seed;
    // Live: the mock is a shadow of the real clouds (harness/live/live_run.h), answering nothing itself.
    if (options_.live != nullptr)
      options_.live->shadow(mock_options, scenario_.id);
    else
      mock_options.accounts = scenario_accounts(options_.seed, scenario_.id);
    mock::MockCloudinary mock(std::move(mock_options));
    mock::HttpServer server(mock);
    int port = server.bind("127.0.0.1", 0);
    ProgressBoard::of_this_run().receives(scenario_.id, server.body_bytes_received());
    network::ConnectionRegistry connections;
    if (options_.network != network::NetworkMode::kEnv) server.set_origin_lookup(connections.lookup());
    ServingThread serving(server);
    mock_url_ = "http://127.0.0.1:" + std::to_string(port);
    std::unique_ptr<network::ScenarioSandbox> sandbox;  // declared before the front: outlives it
    std::optional<network::TlsFront> front;
    if (options_.network == network::NetworkMode::kSandbox) {
      if (options_.run_ca == nullptr) throw std::logic_error("--network sandbox without a run CA");
      sandbox = make_sandbox();
      front.emplace(*options_.run_ca, connections, port, options_.probe_ca);
      endpoints_ = {"", options_.trust_bundle};
      front->serve({{sandbox->take_listener(443), network::FrontListener::Kind::kTls},
                    {sandbox->take_listener(80), network::FrontListener::Kind::kPlain}});
      front_ = &*front;
      sandbox_ = sandbox.get();
    } else if (options_.network == network::NetworkMode::kProxy) {
      if (options_.run_ca == nullptr) throw std::logic_error("--network proxy without a run CA");
      front.emplace(*options_.run_ca, connections, port, options_.probe_ca);
      int listener = network::listen_on_loopback();
      endpoints_ = {"http://127.0.0.1:" + std::to_string(network::local_port_of(listener)), options_.trust_bundle};
      front->serve({{listener, network::FrontListener::Kind::kPlain}});
      front_ = &*front;
    }
    // What the integration's credentials name: the mock itself (env), or Cloudinary's real hosts that the
    // network takes to the mock (proxy).
    if (!network::credentials_point_at_mock(options_.network)) {
      credentials_prefix_.clear();
      api_base_url_ = "https://api.cloudinary.com";
    } else {
      credentials_prefix_ = api_base_url_ = mock_url_;
    }
    accounts_ = &mock.accounts();
    outcome_.redactor = mock::Redactor(accounts_->all_secrets());

    prepare();
    if (outcome_.reason.empty()) {
      const auto& steps = scenario_.steps;
      for (std::size_t i = 0, end; i < steps.size(); i = end) {
        end = i + 1;
        while (steps[i].concurrent_group && end < steps.size() &&
               steps[end].concurrent_group == steps[i].concurrent_group)
          ++end;
        if (!run_steps(i, end, mock)) break;
      }
    }
    stop_session();
    if (front) front->stop();  // before the mock: its forwarded connections end first
    front_ = nullptr;
    sandbox_ = nullptr;
    serving.stop();
    // Live: the CDN judges the signed URLs printed while their assets exist; then what the scenario
    // created is deleted before the next one finds the cloud.
    if (options_.live != nullptr) {
      cdn_answers_ = live::ask_cdn_about_signed_urls(options_.live->upstream(), outcome_.steps);
      options_.live->clean_up();
    }
    outcome_.journal = redacted_journal(mock.journal().entries(), outcome_.redactor);
    judge();
    outcome_.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return std::move(outcome_);
  }

 private:
  void prepare() {
    std::filesystem::create_directories(options_.work_dir);
    values_["workdir"] = options_.work_dir.string();
    values_["manifest_dir"] = manifest_.dir.string();
    if (!manifest_.host_root.empty()) {
      auto root = substitute({manifest_.host_root}, values_);
      if (auto* e = std::get_if<PlaceholderError>(&root)) {
        outcome_.reason = "host.root: " + e->message;
        return;
      }
      std::filesystem::path host_root = std::get<0>(root)[0];
      if (host_root.is_relative()) host_root = manifest_.dir / host_root;
      values_["host_root"] = host_root.string();
    }
    const std::map<std::string, std::string> limits = manifest_.limits.declared();
    for (const auto& [name, value] : limits) values_["limits." + name] = value;
    for (FixtureSpec fixture : scenario_.fixtures) {
      if (!fixture.size_limit.empty()) {
        // Only the steps of a declared limit use it (make_ready leaves the others out).
        if (!limits.count(fixture.size_limit)) continue;
        const std::uint64_t limit = std::stoull(limits.at(fixture.size_limit));
        if (fixture.size_plus > UINT64_MAX - limit) {
          outcome_.reason = "fixture " + fixture.name + ": limits." + fixture.size_limit + " plus " +
                            std::to_string(fixture.size_plus) + " bytes is past any file size";
          return;
        }
        fixture.size = limit + fixture.size_plus;
      }
      if (!fixture.count_limit.empty()) {
        if (!limits.count(fixture.count_limit)) continue;
        fixture.count = std::stoull(limits.at(fixture.count_limit)) + fixture.count_plus;
        if (fixture.count > kMostBatchFiles) {
          outcome_.reason = "fixture " + fixture.name + ": limits." + fixture.count_limit + " plus " +
                            std::to_string(fixture.count_plus) + " is " + std::to_string(fixture.count) +
                            " files, more than the " + std::to_string(kMostBatchFiles) + " a batch fixture holds";
          return;
        }
      }
      try {
        if (fixture.count > 0) {
          make_batch(fixture);
          continue;
        }
        auto path = materialize_fixture(fixture, options_.fixture_cache);
        values_["fixture." + fixture.name] = path.string();
        outcome_.fixtures[path.string()] = fixture_facts(fixture.name, path);
      } catch (const std::exception& e) {
        outcome_.reason = "fixture " + fixture.name + ": " + e.what();
        return;
      }
    }
    current_cloud_ = cloud_for_alias(*accounts_, "primary");
    if (manifest_.host_prepare && outcome_.reason.empty()) run_host_command(*manifest_.host_prepare, "host.prepare");
  }

  // A batch fixture's files are copies on disk: a limit too large to copy is reported, not exercised.
  static constexpr std::uint64_t kMostBatchFiles = 1000;

  // A batch fixture: a folder of the scenario's own holding `count` files, each seeded apart (its own
  // bytes, so each is found in the cloud by its digest) and named "<fixture>-<n>" in batch order.
  void make_batch(const FixtureSpec& batch) {
    const std::filesystem::path folder = options_.work_dir / ("batch-" + batch.name);
    std::filesystem::create_directories(folder);
    const std::string extension = batch.kind == "png" ? ".png" : batch.kind == "mp4" ? ".mp4" : ".bin";
    for (std::uint64_t n = 1; n <= batch.count; ++n) {
      FixtureSpec one = batch;
      one.count = 0;
      one.seed = batch.seed * 1'000'003 + n;
      const std::string number = std::to_string(n);
      const std::filesystem::path path =
          folder / (batch.name + "-" + std::string(4 - std::min<std::size_t>(4, number.size()), '0') + number +
                    (batch.extension.empty() ? extension : "." + batch.extension));
      const std::filesystem::path cached = materialize_fixture(one, options_.fixture_cache);
      std::filesystem::copy_file(cached, path, std::filesystem::copy_options::overwrite_existing);
      // The cached file's facts (its digest is kept beside it there): the folder holds the batch only.
      outcome_.fixtures[path.string()] = fixture_facts(batch.name + "/" + number, cached);
    }
    values_["fixture." + batch.name] = folder.string();
  }

  // Host commands (prepare, health) run with the scenario's folders but no Cloudinary credentials.
  bool run_host_command(const ActionSpec& action, const std::string& what) {
    auto ran = run_host_action(action, values_);
    if (auto* error = std::get_if<std::string>(&ran)) {
      outcome_.reason = what + ": " + *error;
      return false;
    }
    const ProcessResult& result = std::get<ProcessResult>(ran);
    if (result.spawn_failed || result.timed_out || result.exit_code != 0) {
      outcome_.reason =
          what + " failed: " +
          (result.spawn_failed ? result.spawn_error
           : result.timed_out  ? "timed out"
                               : "exit " + std::to_string(result.exit_code) + ": " + tail(result.stderr_text, 400));
      return false;
    }
    return true;
  }

  // A step resolved and ready to run: its record and how it runs (or why it cannot).
  struct ReadyStep {
    StepRecord record;
    std::string error;     // it fails before running
    bool harness = false;  // a step cldcert performs itself
    const mock::Cloud* cloud = nullptr;
    const ActionSpec* action = nullptr;  // a process of its own: spec
    ProcessSpec spec;
    bool by_session = false;  // the session's: command, timeout
    nlohmann::json command;
    std::chrono::seconds timeout{0};
  };

  // What running a process step or a session command gave.
  struct StepRun {
    ProcessResult result;
    std::vector<OutputLeak> leaks;  // a process step's (a session's are added to the records later)
    std::string session_error;      // the session ended or never answered: the scenario stops
  };

  // The steps from `first` to the end of its concurrent group (or just it), run together; false
  // when the scenario must stop.
  bool run_steps(std::size_t first, std::size_t end, mock::MockCloudinary& mock) {
    std::vector<ReadyStep> ready;
    const std::uint64_t journal_before = mock.journal().size();
    for (std::size_t i = first; i < end; ++i) {
      ProgressBoard::of_this_run().step(scenario_.id, i + 1, scenario_.steps.size(), scenario_.steps[i].action);
      ready.push_back(make_ready(i));
      // A step that never ran (left out, or failed before it started) recorded nothing, right here.
      ready.back().record.first_journal_id = ready.back().record.last_journal_id = journal_before;
    }
    std::vector<StepRun> runs(ready.size());
    const std::size_t egress_before = front_ != nullptr ? front_->egress_count() : 0;
    const std::size_t handshakes_before = front_ != nullptr ? front_->handshake_count() : 0;
    const std::size_t refused_names_before = sandbox_ != nullptr ? sandbox_->refused_names().size() : 0;
    // Env mode has no TLS to probe: the step runs as it is.
    const network::TlsProbe probe = front_ != nullptr ? group_probe(first, end) : network::TlsProbe::kNone;
    if (probe != network::TlsProbe::kNone) front_->set_probe(probe);
    run_together(ready, runs);
    if (front_ != nullptr) front_->settle();  // handshakes the steps' clients broke off are theirs
    // Connections made under the probe are closed with it: no later step reuses one.
    if (probe != network::TlsProbe::kNone) front_->set_probe(network::TlsProbe::kNone);
    const std::uint64_t journal_after = mock.journal().size();
    // Like the journal range: what the group's steps tried while they ran, shared by a group.
    std::optional<std::vector<network::EgressAttempt>> egress;
    std::optional<std::vector<network::TlsHandshake>> tls;
    if (front_ != nullptr) {
      auto all = front_->egress();
      egress.emplace(all.begin() + static_cast<std::ptrdiff_t>(std::min(egress_before, all.size())), all.end());
      if (sandbox_ != nullptr) add_refused_names(*egress, refused_names_before);
      auto handshakes = front_->handshakes();
      tls.emplace(handshakes.begin() + static_cast<std::ptrdiff_t>(std::min(handshakes_before, handshakes.size())),
                  handshakes.end());
    }
    std::optional<StoreSnapshot> store;  // taken once, if a step of the group ran
    bool keep_going = true;
    for (std::size_t k = 0; k < ready.size(); ++k) {
      ReadyStep& r = ready[k];
      if (!r.error.empty()) {
        keep_going = fail_step(std::move(r.record), r.error) && keep_going;
      } else if (!r.record.skipped.empty()) {
        outcome_.steps.push_back(std::move(r.record));
      } else if (r.harness) {  // never in a group (parse_scenario refuses it): it runs here, alone
        keep_going = run_harness(std::move(r.record), *r.cloud, mock) && keep_going;
      } else {
        if (!store) store = snapshot(mock);
        r.record.first_journal_id = journal_before;
        r.record.last_journal_id = journal_after;
        r.record.store_after = *store;
        r.record.egress = egress;
        r.record.tls = tls;
        r.record.tls_probe = probe;
        keep_going = finish_step(std::move(r), std::move(runs[k])) && keep_going;
      }
    }
    return keep_going;
  }

  // Resolves the step's cloud, credentials and arguments into its record and its command line or
  // session command. Changes which cloud is current and whether the integration is logged in.
  ReadyStep make_ready(std::size_t index) {
    const ScenarioStep& step = scenario_.steps[index];
    ReadyStep ready;
    StepRecord& record = ready.record;
    record.index = index;
    record.action = step.action;
    record.expect = step.expect;
    record.concurrent_group = step.concurrent_group;
    const mock::Cloud* cloud = step.cloud.empty() ? current_cloud_ : cloud_for_alias(*accounts_, step.cloud);
    if (cloud == nullptr) {
      ready.error = "unknown cloud alias '" + step.cloud + "'";
      return ready;
    }
    ready.cloud = cloud;
    // Picking a sub-account makes it current too, though the integration gets no credentials for
    // it: it fetches them itself through the Provisioning API.
    if (step.action == "login" || step.action == "switch" || step.action == "switch_sub_account")
      current_cloud_ = cloud;
    record.cloud = cloud->cloud_name;

    PlaceholderValues values = values_;
    values["cloud"] = cloud->cloud_name;
    values["sub_account_id"] = cloud->id;  // as the Provisioning API lists it; no secret
    // Credentials reach the integration only the way its manifest says, and only while it is logged
    // in: an integration can then look logged out (accounts.logout judges it, not the harness).
    const bool signs_in = step.action == "login" || step.action == "switch";
    const bool with_credentials = signs_in || (logged_in_ && !is_harness_step(step.action));
    const bool gives_login_credentials = signs_in && manifest_.credentials_via == CredentialsVia::kLogin;
    if (signs_in) signed_in_cloud_ = cloud;
    if (signs_in || step.action == "logout") sub_account_picked_ = false;
    if (step.action == "switch_sub_account") sub_account_picked_ = true;
    // In a picked sub-account the environment still holds the cloud signed in to: the integration
    // fetched the sub-account's credentials itself. A step naming its cloud gets that cloud's.
    const mock::Cloud* env_cloud = cloud;
    if (sub_account_picked_ && signed_in_cloud_ != nullptr &&
        (step.cloud.empty() || step.action == "switch_sub_account"))
      env_cloud = signed_in_cloud_;
    // The account-level (provisioning) key goes only to an integration that declares sub-accounts:
    // the others never need it to list and pick them.
    const mock::Account* account =
        manifest_.has("sub_accounts") ? accounts_->find_account(env_cloud->account_id) : nullptr;
    if (gives_login_credentials) {
      values["cloudinary_url"] = mock::cloudinary_url(*cloud, credentials_prefix_);
      values["api_key"] = cloud->api_key;
      values["api_secret"] = cloud->api_secret;
      values["api_base_url"] = api_base_url_;
      if (account != nullptr) {
        values["account_url"] = mock::account_url(*account, credentials_prefix_);
        values["account_id"] = account->id;
        values["provisioning_key"] = account->provisioning_key;
        values["provisioning_secret"] = account->provisioning_secret;
      }
    }
    if (signs_in) logged_in_ = true;
    if (step.action == "logout") logged_in_ = false;  // this step still gets them: it may revoke a session
    // Left out after the moment it marks: a library without a login action still gets credentials
    // from the scenario's login on, as the environment of its host would give them.
    if (std::string why = left_out_reason(step, manifest_); !why.empty()) {
      record.skipped = why;
      return ready;
    }
    std::map<std::string, std::string> args;
    for (const auto& [name, raw] : step.args) {
      auto resolved = substitute({raw}, values);
      if (auto* e = std::get_if<PlaceholderError>(&resolved)) {
        ready.error = "argument " + name + ": " + e->message;
        return ready;
      }
      // An optional placeholder without a value ("{last.public_id?}" after a step that printed none)
      // leaves the argument out.
      if (std::get<0>(resolved).empty()) continue;
      args[name] = std::get<0>(resolved)[0];
    }
    record.args = args;  // as the scenario meant them: what the checks read
    // The integration's own spelling of a value (type fetch → --fetch) for its command line.
    const ActionSpec* own_action = manifest_.action(step.action);
    if (own_action != nullptr) {
      for (auto& [name, value] : args) {
        auto map = own_action->values.find(name);
        if (map == own_action->values.end()) continue;
        if (auto to = map->second.find(value); to != map->second.end()) value = to->second;
      }
    }
    for (const auto& [name, value] : args) values[name] = value;
    if (is_harness_step(step.action)) {
      ready.harness = true;
      return ready;
    }
    if (manifest_.session_serves(step.action)) {
      ready.by_session = true;
      ready.timeout = std::chrono::seconds(manifest_.session->actions.at(step.action));
      ready.command = {{"action", step.action}, {"cloud", cloud->cloud_name}, {"args", args}};
      if (gives_login_credentials) {
        ready.command["credentials"] = {{"cloud_name", cloud->cloud_name},
                                        {"api_key", cloud->api_key},
                                        {"api_secret", cloud->api_secret},
                                        {"cloudinary_url", values.at("cloudinary_url")},
                                        {"api_base_url", api_base_url_}};
        if (account != nullptr) {
          for (const char* name : {"account_url", "account_id", "provisioning_key", "provisioning_secret"})
            ready.command["credentials"][name] = values.at(name);
        }
      }
      return ready;
    }
    const ActionSpec* action = own_action;
    if (action == nullptr) {  // not_applicable_reason refused such a scenario, left_out_reason such a step
      ready.error = "the manifest has no '" + step.action + "' action";
      return ready;
    }
    ready.action = action;
    auto argv = substitute(action->command, values);
    if (auto* e = std::get_if<PlaceholderError>(&argv)) {
      ready.error = "action " + step.action + ": " + e->message;
      return ready;
    }
    ProcessSpec& spec = ready.spec;
    spec.argv = std::get<0>(argv);
    spec.cwd = action->cwd.empty() ? manifest_.dir : std::filesystem::path(action->cwd);
    if (sandbox_ != nullptr) spec.launcher = sandbox_->launcher(spec.cwd);
    spec.timeout = std::chrono::seconds(action->timeout_s);
    spec.env = base_env();
    if (with_credentials && manifest_.credentials_via == CredentialsVia::kEnvironment) {
      spec.env["CLOUDINARY_URL"] = mock::cloudinary_url(*env_cloud, credentials_prefix_);
      spec.env["CLDCERT_CLOUD_NAME"] = env_cloud->cloud_name;
      spec.env["CLDCERT_API_KEY"] = env_cloud->api_key;
      spec.env["CLDCERT_API_SECRET"] = env_cloud->api_secret;
      if (account != nullptr) {
        spec.env["CLOUDINARY_ACCOUNT_URL"] = mock::account_url(*account, credentials_prefix_);
        spec.env["CLDCERT_ACCOUNT_ID"] = account->id;
        spec.env["CLDCERT_PROVISIONING_KEY"] = account->provisioning_key;
        spec.env["CLDCERT_PROVISIONING_SECRET"] = account->provisioning_secret;
      }
    }
    for (const auto& [name, value] : args) spec.env[env_name(name)] = value;
    // Placeholders in env values are replaced as in argv: an integration configured through its
    // environment gets the same {workdir}, {fixture.*} and {last.*} values a command line would.
    if (auto error = add_env(spec, action->env, values); !error.empty()) {
      ready.error = "action " + step.action + ": " + error;
      return ready;
    }
    for (const auto& [name, value] : options_.extra_env) spec.env[name] = value;
    return ready;
  }

  // What every step and the session get: the API base URL alone (no secret) reaches every step,
  // without it nothing finds the mock.
  std::map<std::string, std::string> base_env() const {
    std::map<std::string, std::string> env = {
        {"CLDCERT_MOCK_URL", mock_url_},
        {"CLDCERT_RUN_ID", options_.run_id},
        {"CLDCERT_WORKDIR", options_.work_dir.string()},
        {"CLDCERT_HOST_ROOT", values_.count("host_root") ? values_.at("host_root") : ""}};
    env.merge(network::network_step_environment(options_.network, endpoints_));
    return env;
  }

  // The manifest's env entries, placeholders replaced; the problem, or "".
  static std::string add_env(ProcessSpec& spec, const std::map<std::string, std::string>& env,
                             const PlaceholderValues& values) {
    for (const auto& [name, value] : env) {
      auto resolved = substitute({value}, values);
      if (auto* e = std::get_if<PlaceholderError>(&resolved)) return "env " + name + ": " + e->message;
      spec.env[name] = std::get<0>(resolved)[0];
    }
    return "";
  }

  // Processes run on threads of their own, session commands are all sent before any answer is
  // awaited: the steps of a group are in flight at the same time.
  void run_together(std::vector<ReadyStep>& ready, std::vector<StepRun>& runs) {
    auto runnable = [](const ReadyStep& r) { return r.error.empty() && r.record.skipped.empty() && !r.harness; };
    std::vector<std::pair<std::size_t, std::uint64_t>> sent;  // step, command id
    std::vector<std::chrono::steady_clock::time_point> deadlines(ready.size());
    take_session_output();  // what it printed since the last step's answer was that step's
    for (std::size_t k = 0; k < ready.size(); ++k) {
      if (!runnable(ready[k]) || !ready[k].by_session) continue;
      if (!session_) start_session();
      if (!session_) {
        runs[k].session_error = session_start_error_;
        continue;
      }
      deadlines[k] = std::chrono::steady_clock::now() + ready[k].timeout;
      sent.emplace_back(k, session_->send(ready[k].command, ready[k].timeout));
      session_steps_.push_back(outcome_.steps.size() + k);
    }
    std::vector<std::thread> threads;
    std::size_t processes = 0;
    for (auto& r : ready) processes += runnable(r) && r.action ? 1 : 0;
    for (std::size_t k = 0; k < ready.size(); ++k) {
      if (!runnable(ready[k]) || !ready[k].action) continue;
      if (processes == 1) {
        runs[k] = run_action(ready[k].spec);
      } else {
        threads.emplace_back([this, &ready, &runs, k] { runs[k] = run_action(ready[k].spec); });
      }
    }
    for (auto& [k, id] : sent) {
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadlines[k] - std::chrono::steady_clock::now());
      auto started = deadlines[k] - ready[k].timeout;
      SessionAnswer answer = session_->wait(id, std::max(left, std::chrono::milliseconds(0)));
      runs[k].result.duration =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
      take_answer(ready[k], answer, runs[k]);
    }
    for (auto& t : threads) t.join();
  }

  // The sandbox's namespaces, resolver and CA stores for this scenario; throws when they cannot be made.
  std::unique_ptr<network::ScenarioSandbox> make_sandbox() const {
    network::ScenarioSandboxOptions options;
    options.folder = options_.work_dir / "sandbox";
    options.ca_bundle = options_.trust_bundle;
    options.integration_root = manifest_.dir;
    options.java_truststore = options_.java_truststore;
    std::string error;
    auto sandbox = network::ScenarioSandbox::create(options, error);
    if (!sandbox) throw std::runtime_error("--network sandbox: " + error);
    return sandbox;
  }

  // The probe a step of [first, end) asks for (a group presents one to all of its steps).
  network::TlsProbe group_probe(std::size_t first, std::size_t end) const {
    for (std::size_t i = first; i < end; ++i) {
      if (scenario_.steps[i].tls_probe != network::TlsProbe::kNone) return scenario_.steps[i].tls_probe;
    }
    return network::TlsProbe::kNone;
  }

  // Names the sandbox's resolver refused since `before`, as egress: asked by name, so no port yet; a name
  // asked for both address families is one attempt.
  void add_refused_names(std::vector<network::EgressAttempt>& egress, std::size_t before) const {
    const auto refused = sandbox_->refused_names();
    std::set<std::string> named;
    const auto now = mock::unix_ms_now();
    for (std::size_t i = before; i < refused.size(); ++i)
      if (named.insert(refused[i].name).second) egress.push_back({refused[i].name, 0, "dns", now});
  }

  StepRun run_action(const ProcessSpec& spec) const {
    StepRun run;
    // Every byte is scanned as it is read; the record keeps only the tail (max_output_bytes).
    OutputLeakScan leak_scan(outcome_.redactor.secrets());
    ProcessSpec scanned = spec;
    scanned.on_output = [&leak_scan](OutputStream stream, std::string_view piece) { leak_scan.feed(stream, piece); };
    run.result = run_process(scanned);
    run.leaks = leak_scan.finish();
    return run;
  }

  // A session's answer as a process result: its exit code, its output as the last JSON, its message
  // as what a process would have said on stderr.
  void take_answer(const ReadyStep& ready, const SessionAnswer& answer, StepRun& run) {
    if (answer.kind == SessionAnswer::Kind::kTimedOut) {
      run.result.timed_out = true;
      run.session_error = "the session did not answer in " + std::to_string(ready.timeout.count()) + " s";
      return;
    }
    if (answer.kind == SessionAnswer::Kind::kEnded) {
      run.session_error = "the session " + answer.ended;
      return;
    }
    const nlohmann::json& a = answer.answer;
    auto code = a.find("exit_code");
    if (code != a.end() && !(code->is_number_integer() && *code >= 0 && *code <= 255)) {
      run.session_error = "the session answered with exit_code " + code->dump() + " (expected 0 to 255)";
      return;
    }
    run.result.exit_code = code == a.end() ? 0 : code->get<int>();
    run.result.stdout_text = answer.line;
    if (auto output = a.find("output"); output != a.end() && output->is_object()) run.result.last_json = *output;
    if (auto message = a.find("message"); message != a.end() && message->is_string())
      run.result.stderr_text = message->get<std::string>() + "\n";
  }

  void start_session() {
    ProcessSpec spec;
    const ActionSpec& process = manifest_.session->process;
    auto argv = substitute(process.command, values_);
    if (auto* e = std::get_if<PlaceholderError>(&argv)) {
      session_start_error_ = "session: " + e->message;
      return;
    }
    spec.argv = std::get<0>(argv);
    spec.cwd = process.cwd.empty() ? manifest_.dir : std::filesystem::path(process.cwd);
    if (sandbox_ != nullptr) spec.launcher = sandbox_->launcher(spec.cwd);
    spec.env = base_env();
    if (auto error = add_env(spec, process.env, values_); !error.empty()) {
      session_start_error_ = "session: " + error;
      return;
    }
    for (const auto& [name, value] : options_.extra_env) spec.env[name] = value;
    session_ = std::make_unique<IntegrationSession>(std::move(spec), outcome_.redactor.secrets());
  }

  // What the session printed since it was last asked goes to the record of the last step it served
  // (its trailing log, or its stderr that came after its answer), redacted.
  void take_session_output() {
    if (!session_ || session_steps_.empty()) return;
    SessionOutput output = session_->take_output();
    StepRecord& record = outcome_.steps.at(session_steps_.back());
    record.stdout_text += outcome_.redactor.redact(output.stdout_text);
    record.stderr_text += outcome_.redactor.redact(output.stderr_text);
    for (auto& leak : output.leaks) record.output_leaks.push_back(std::move(leak));
  }

  // At the scenario's end: its stdin closed, a moment to exit, then its group stopped.
  void stop_session() {
    if (!session_) return;
    session_->stop(kSessionExitGrace);
    take_session_output();
    session_.reset();
  }

  // Records a step that ran; false when the scenario must stop (a step cut short).
  bool finish_step(ReadyStep ready, StepRun run) {
    StepRecord record = std::move(ready.record);
    const ProcessResult& result = run.result;
    record.exit_code = result.exit_code;
    record.timed_out = result.timed_out;
    record.term_signal = result.timed_out ? 0 : result.term_signal;
    record.duration_ms = static_cast<double>(result.duration.count());
    // Before redaction hides them: a secret the integration printed is a leak (secret.logs).
    record.output_leaks = std::move(run.leaks);
    record.stdout_text = outcome_.redactor.redact(result.stdout_text);
    record.stderr_text = outcome_.redactor.redact(result.stderr_text);
    if (auto printed = printed_json(result)) remember_output(record, read_through(ready.action, std::move(*printed)));
    // A session that ended or went silent cannot be trusted with the steps after it.
    if (!run.session_error.empty()) return fail_step(std::move(record), run.session_error, true);
    if (result.spawn_failed) return fail_step(std::move(record), "could not start: " + result.spawn_error);
    if (result.timed_out) {
      return fail_step(std::move(record),
                       "timed out after " + std::to_string(ready.action->timeout_s) +
                           " s; last output: " + tail(record.stderr_text + record.stdout_text, 400),
                       true);
    }
    // A death by signal is never an answer; an exit the scenario allows is the integration's answer
    // (a refusal, or one that did not come) and the checks judge it.
    if (result.term_signal) {
      return fail_step(
          std::move(record),
          "was killed by signal " + std::to_string(result.term_signal) + "; stderr: " + tail(record.stderr_text, 400),
          true);
    }
    if (!record.expect.allows(result.exit_code)) {
      std::string expected =
          record.expect.kind == StepExpect::Kind::kSuccess ? "" : " (expected " + describe(record.expect) + ")";
      const std::string error =
          "exited with " + std::to_string(result.exit_code) + expected + "; stderr: " + tail(record.stderr_text, 400);
      return fail_step(std::move(record), error);
    }
    outcome_.steps.push_back(std::move(record));
    return true;
  }

  // What the step printed as its result: its last line as a JSON object, or else its whole stdout
  // as one (a CLI that pretty-prints).
  static std::optional<nlohmann::json> printed_json(const ProcessResult& result) {
    if (result.last_json) return result.last_json;
    if (result.stdout_truncated || result.stdout_text.find('{') == std::string::npos) return std::nullopt;
    mock::ParsedJson parsed = mock::parse_json_text(result.stdout_text);
    if (!parsed.error.empty() || !parsed.doc.is_object()) return std::nullopt;
    return parsed.doc;
  }

  // The fields the manifest's "output" places elsewhere, copied to the top level where the checks
  // read them; the rest of what the integration printed stays as it was.
  static nlohmann::json read_through(const ActionSpec* action, nlohmann::json printed) {
    if (action == nullptr || action->output.empty() || !printed.is_object()) return printed;
    const nlohmann::json original = printed;
    for (const auto& [field, pointer] : action->output) {
      const nlohmann::json::json_pointer at(pointer);
      if (original.contains(at)) printed[field] = original.at(at);
    }
    return printed;
  }

  // The step's last-line JSON becomes {last.X} and {step.N.X} for the steps after it.
  void remember_output(StepRecord& record, const nlohmann::json& output) {
    record.last_json = redacted_json(output, outcome_.redactor);  // as the bundle will hold it
    values_.erase(values_.lower_bound("last."), values_.lower_bound("last/"));
    if (!output.is_object()) return;
    for (const auto& [k, v] : output.items()) {
      values_["last." + k] = text_of(v);
      values_["step." + std::to_string(record.index) + "." + k] = text_of(v);
    }
  }

  bool run_harness(StepRecord record, const mock::Cloud& cloud, mock::MockCloudinary& mock) {
    record.first_journal_id = mock.journal().size();
    auto started = std::chrono::steady_clock::now();
    HarnessStepContext context{mock,           cloud,        mock_url_, manifest_, values_, outcome_.redactor,
                               outcome_.steps, options_.live};
    HarnessStepResult result = run_harness_step(record.action, record.args, context);
    record.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    record.last_journal_id = mock.journal().size();
    record.store_after = snapshot(mock);
    record.exit_code = result.error.empty() ? 0 : 1;
    if (!result.output.is_null()) remember_output(record, result.output);
    if (!result.error.empty()) return fail_step(std::move(record), result.error);
    outcome_.steps.push_back(std::move(record));
    return true;
  }

  StoreSnapshot snapshot(mock::MockCloudinary& mock) const {
    StoreSnapshot out;
    for (const auto& account : accounts_->accounts) {
      for (const auto& cloud : account.clouds) {
        for (const auto& a : mock.store().list(cloud.cloud_name)) {
          out.assets.push_back({cloud.cloud_name, a.resource_type, a.type, a.public_id, a.bytes, a.sha256});
        }
        for (const auto& [name, definition] : mock.store().list_named_transformations(cloud.cloud_name)) {
          out.named_transformations.push_back({cloud.cloud_name, name, definition});
        }
      }
    }
    return out;
  }

  // Records the step's error; the scenario's reason is its first one. The steps after it still run
  // (each check is judged on the steps it needs) unless this one was cut short: an integration that
  // hung or was killed may hang again, step after step.
  bool fail_step(StepRecord record, const std::string& error, bool cut = false) {
    record.error = error;
    // Its {last.X} are not the step before's: a later step naming one fails as unknown instead.
    values_.erase(values_.lower_bound("last."), values_.lower_bound("last/"));
    if (outcome_.reason.empty())
      outcome_.reason = "step " + std::to_string(record.index + 1) + " (" + record.action + ") " + error;
    outcome_.steps.push_back(std::move(record));
    return !cut;
  }

  // Live: what a check verifies with a secret or the CDN is recorded, for `cldcert verify`, which has neither.
  void judge() {
    SecretRecord record = SecretRecord::recording(cdn_answers_);
    CheckInput input{manifest_,
                     outcome_.journal,
                     outcome_.steps,
                     *accounts_,
                     outcome_.redactor,
                     outcome_.fixtures,
                     options_.live != nullptr ? &record : nullptr};
    judge_scenario(outcome_, input);
    outcome_.secret_facts = record.facts();
  }

  const Scenario& scenario_;
  const Manifest& manifest_;
  const ScenarioRunOptions& options_;
  ScenarioOutcome outcome_;
  PlaceholderValues values_;
  std::string mock_url_;
  std::vector<CdnAnswer> cdn_answers_;  // live: what the CDN answered to the signed URLs printed
  std::string credentials_prefix_;      // CLOUDINARY_URL's upload_prefix: the mock's URL (env) or none (proxy)
  std::string api_base_url_;            // {api_base_url}: the mock's URL (env) or https://api.cloudinary.com
  network::NetworkEndpoints endpoints_;
  network::TlsFront* front_ = nullptr;           // watching the network (proxy), else null
  network::ScenarioSandbox* sandbox_ = nullptr;  // the namespace every step runs in (sandbox), else null
  const mock::Accounts* accounts_ = nullptr;
  const mock::Cloud* current_cloud_ = nullptr;
  bool logged_in_ = false;                        // between a login (or switch) step and a logout step
  const mock::Cloud* signed_in_cloud_ = nullptr;  // of the last login or switch
  bool sub_account_picked_ = false;               // by a switch_sub_account since then
  std::unique_ptr<IntegrationSession> session_;   // started at the first step it serves
  std::string session_start_error_;
  std::vector<std::size_t> session_steps_;  // indexes in outcome_.steps of the steps it served
};

}  // namespace

const mock::Cloud* cloud_for_alias(const mock::Accounts& accounts, const std::string& alias) {
  const auto& a = accounts.accounts;
  auto at = [&](std::size_t account, std::size_t cloud) -> const mock::Cloud* {
    return account < a.size() && cloud < a[account].clouds.size() ? &a[account].clouds[cloud] : nullptr;
  };
  if (alias == "primary") return at(0, 0);
  if (alias == "primary_sub") return at(0, 1);
  if (alias == "secondary") return at(1, 0);
  if (alias == "secondary_sub") return at(1, 1);
  for (const auto& account : a) {
    for (const auto& cloud : account.clouds) {
      if (alias == "read_only" && cloud.role == mock::Role::kReadOnly) return &cloud;
      if (alias == cloud.cloud_name) return &cloud;
    }
  }
  return nullptr;
}

std::string left_out_reason(const ScenarioStep& step, const Manifest& manifest) {
  if (step.optional && !is_harness_step(step.action) && !manifest.performs(step.action))
    return "the manifest has no '" + step.action + "' action";
  if (!step.limit.empty() && !manifest.limits.declared().count(step.limit))
    return "the manifest declares no limits." + step.limit;
  return "";
}

std::optional<std::string> not_applicable_reason(const Scenario& scenario, const Manifest& manifest) {
  std::string missing;
  for (const auto& capability : scenario.requires_capabilities) {
    if (!manifest.has(capability)) missing += (missing.empty() ? "" : ", ") + capability;
  }
  if (!missing.empty()) return "the manifest does not declare the capability " + missing;
  // A scenario of limits (R18) is not applicable when the manifest declares none of them.
  std::set<std::string> exercised;
  for (const auto& step : scenario.steps) {
    if (!step.limit.empty()) exercised.insert(step.limit);
  }
  const std::map<std::string, std::string> declared = manifest.limits.declared();
  if (!exercised.empty() && std::none_of(exercised.begin(), exercised.end(),
                                         [&](const std::string& name) { return declared.count(name) != 0; })) {
    std::string names;
    for (const auto& name : exercised) names += (names.empty() ? "limits." : ", limits.") + name;
    return "the manifest declares no limit this scenario exercises (" + names + ")";
  }
  for (const auto& step : scenario.steps) {
    if (!is_harness_step(step.action) && !manifest.performs(step.action) && !step.optional)
      return "the manifest has no '" + step.action + "' action";
    // Without a host platform B1/B4 cannot be judged: "not applicable" (items not checked), not an error.
    if (step.action == "cldcert.snapshot" && manifest.host_root.empty()) {
      return "the manifest has no host.root (the host platform's folder to snapshot)";
    }
    if (step.action == "cldcert.health" && !manifest.host_health) {
      return "the manifest has no host.health (a command that exits 0 when the platform works)";
    }
  }
  return std::nullopt;
}

std::optional<ScenarioOutcome> outcome_without_running(const Scenario& scenario, const Manifest& manifest,
                                                       bool skip_large) {
  ScenarioOutcome outcome;
  outcome.scenario = &scenario;
  outcome.verdict = Verdict::kSkip;
  if (auto reason = not_applicable_reason(scenario, manifest)) {
    outcome.applicable = false;
    outcome.reason = *reason;
    return outcome;
  }
  if (scenario.large && skip_large) {
    outcome.skipped = "skipped with --skip-large; run without it before submitting";
    return outcome;
  }
  return std::nullopt;
}

std::vector<std::string> checks_to_judge(const Scenario& scenario, const std::vector<mock::JournalEntry>& journal) {
  std::vector<std::string> out = scenario.checks;
  for (const auto& check : all_checks()) {
    const auto& statuses = check.judged_wherever_answered;
    if (statuses.empty() || std::find(out.begin(), out.end(), check.id) != out.end()) continue;
    const bool answered = std::any_of(journal.begin(), journal.end(), [&](const mock::JournalEntry& e) {
      return e.fault.empty() && std::find(statuses.begin(), statuses.end(), e.status) != statuses.end();
    });
    if (answered) out.push_back(check.id);
  }
  return out;
}

void judge_scenario(ScenarioOutcome& outcome, const CheckInput& input) {
  for (const auto& id : checks_to_judge(*outcome.scenario, input.journal)) {
    const CheckDefinition* check = find_check(id);
    if (input.secret_record != nullptr) input.secret_record->judging(id);
    CheckResult result = run_check(*check, input);
    account_for_missing(result, missing_steps(*outcome.scenario, outcome.steps, check->needs, check->judged_on_what_ran,
                                              outcome.reason));
    outcome.checks.push_back(std::move(result));
  }
  outcome.verdict = scenario_verdict(outcome);
}

Verdict scenario_verdict(const ScenarioOutcome& outcome) {
  auto any = [&](Verdict v) {
    return std::any_of(outcome.checks.begin(), outcome.checks.end(),
                       [v](const CheckResult& c) { return c.verdict == v; });
  };
  if (any(Verdict::kFail)) return Verdict::kFail;
  if (!outcome.reason.empty() || any(Verdict::kError)) return Verdict::kError;
  if (any(Verdict::kWaived)) return Verdict::kWaived;
  if (any(Verdict::kWarn)) return Verdict::kWarn;
  bool any_ran = std::any_of(outcome.checks.begin(), outcome.checks.end(), [](const CheckResult& c) {
    return c.verdict != Verdict::kSkip && c.verdict != Verdict::kNotApplicable;
  });
  return any_ran ? Verdict::kPass : Verdict::kSkip;
}

mock::Redactor redactor_of(const std::vector<ScenarioOutcome>& outcomes) {
  std::vector<std::string> secrets;
  for (const auto& o : outcomes)
    secrets.insert(secrets.end(), o.redactor.secrets().begin(), o.redactor.secrets().end());
  return mock::Redactor(std::move(secrets));
}

mock::Accounts scenario_accounts(std::uint64_t seed, const std::string& scenario_id) {
  std::string digest = mock::sha256_hex(std::to_string(seed) + "\n" + scenario_id);
  return mock::generate_accounts(std::stoull(digest.substr(0, 15), nullptr, 16));
}

ScenarioOutcome run_scenario(const Scenario& scenario, const Manifest& manifest, const ScenarioRunOptions& options) {
  return Run(scenario, manifest, options).go();
}

}  // namespace cldcert
