// One run against live clouds: the accounts, the forwarder to the upstream, what the run created there.
// It makes each scenario's mock a shadow that forwards (MockOptions::upstream), says which scenarios
// cannot run live, deletes what each scenario created, and tells the report what the run cost.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/live/asset_tagger.h"
#include "harness/live/created_resources.h"
#include "harness/live/ledger.h"
#include "harness/live/shadow_fidelity.h"
#include "harness/live/upstream_forwarder.h"
#include "harness/scenario.h"
#include "mocks/accounts.h"
#include "mocks/mock_state.h"

namespace cldcert::live {

// The harness steps that act on the mock itself (a fault, a cloud filled with fake assets, a named
// transformation staged through the control API, the widget shims the mock hosts): a scenario with one
// cannot run live.
bool needs_the_mock(const std::string& harness_step);

// Why `scenario` cannot run against `accounts` ("needs the mock (live run): …"), or nullopt: the run's
// rule, and `cldcert verify`'s on the accounts a live bundle keeps (live/public_accounts.h).
std::optional<std::string> not_applicable_live(const Scenario& scenario, const mock::Accounts& accounts);

class LiveRun {
 public:
  LiveRun(mock::Accounts accounts, UpstreamConfig config);

  const mock::Accounts& accounts() const { return accounts_; }
  const UpstreamForwarder& upstream() const { return upstream_; }
  // Before the first scenario: where answers too large for memory go (the run's work folder).
  void spill_answers_to(std::filesystem::path dir) { upstream_.spill_answers_to(std::move(dir)); }

  // Before the first scenario: the run's own id (run_tag.h), the tag each asset it creates gets (on the
  // tagger's thread), and its crash-safe ledger in `ledger_folder` (ledger.h). "" or why the ledger cannot
  // be kept, naming the folder (the run must not start then). `now`: the tags call's timestamp (tests).
  std::string keep_record(std::string run_id, const std::filesystem::path& ledger_folder,
                          std::function<std::int64_t()> now = {});
  // "" until keep_record.
  const std::string& run_id() const { return run_id_; }
  const RunLedger* ledger() const { return ledger_.get(); }

  // A scenario's mock options made a shadow of the live clouds: the live accounts, every request
  // forwarded upstream and answered from there, what it creates recorded for clean_up(), where the
  // mock's own answer differs recorded in fidelity().
  void shadow(mock::MockOptions& options, const std::string& scenario);

  // cldcert.named_transformation's real equivalent: `name` defined in `cloud` through the Admin API (not
  // journaled: it is not the integration's request) and recorded for clean_up(). "" or why not.
  std::string define_named_transformation(const mock::Cloud& cloud, const std::string& name,
                                          const std::string& definition);

  // Why `scenario` cannot run against these clouds ("needs the mock (live run): …"), or nullopt.
  std::optional<std::string> not_applicable_reason(const Scenario& scenario) const;

  // Deletes everything recorded since the last call (and the large answers' files, already served); returns
  // what was left behind (also kept for the report). Safe from any thread.
  std::vector<std::string> clean_up();
  // The interrupt path's clean-up: first waits (at most `patience`) for the requests still on their way
  // to be recorded, since an asset the upstream already stored is only known once its answer is journaled.
  std::vector<std::string> clean_up_when_settled(std::chrono::milliseconds patience);

  // report.json's "live": the clouds (names only), requests and bytes sent and received, what was left behind,
  // the shadow fidelity's summary, the run id, its tag and what could not be tagged or written to the ledger
  // (with keep_record).
  nlohmann::json report_json() const;
  // Where the mock's answers differed from the upstream's so far (the bundle's fidelity.json).
  const FidelityLog& fidelity() const { return fidelity_; }

 private:
  mock::Accounts accounts_;
  UpstreamForwarder upstream_;
  CreatedResources created_;
  FidelityLog fidelity_;
  // Requests forwarded whose answer is not journaled yet.
  std::mutex in_flight_mutex_;
  std::condition_variable settled_;
  int in_flight_ = 0;
  std::string run_id_;
  std::unique_ptr<RunLedger> ledger_;
  std::unique_ptr<AssetTagger> tagger_;
  std::mutex cleaning_;  // one clean-up at a time
  mutable std::mutex left_mutex_;
  std::vector<std::string> left_behind_;
  std::vector<std::string> record_problems_;  // ledger lines not written (guarded by left_mutex_)
};

}  // namespace cldcert::live
