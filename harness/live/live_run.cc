#include "harness/live/live_run.h"

#include <algorithm>
#include <set>

#include "harness/live/admin_client.h"
#include "harness/live/live_cleanup.h"
#include "harness/live/run_tag.h"
#include "harness/scenario_run.h"
#include "mocks/percent_encode.h"
#include "mocks/utc_time.h"

namespace cldcert::live {

bool needs_the_mock(const std::string& harness_step) {
  // cldcert.named_transformation has a real equivalent (define_named_transformation).
  static const std::set<std::string> kMockSteps = {"cldcert.fault", "cldcert.fill_cloud", "cldcert.browse"};
  return kMockSteps.contains(harness_step);
}

LiveRun::LiveRun(mock::Accounts accounts, UpstreamConfig config)
    : accounts_(std::move(accounts)), upstream_(std::move(config)) {}

std::string LiveRun::keep_record(std::string run_id, const std::filesystem::path& ledger_folder,
                                 std::function<std::int64_t()> now) {
  if (ledger_folder.empty()) {
    return "no folder for the live ledger: set " + std::string(kStateDirVariable) + ", XDG_STATE_HOME or HOME";
  }
  try {
    ledger_ = std::make_unique<RunLedger>(ledger_folder, run_id);
  } catch (const std::exception& e) { return e.what(); }
  if (!now) now = mock::unix_seconds_now;
  tagger_ = std::make_unique<AssetTagger>(upstream_, accounts_, run_tag(run_id), std::move(now));
  run_id_ = std::move(run_id);
  // On the recording thread, before the answer's journal entry is done: the ledger line is on disk first.
  created_.on_learned([this](const CreatedResource& r) {
    if (auto problem = ledger_->record(r); !problem.empty()) {
      std::lock_guard lock(left_mutex_);
      record_problems_.push_back(problem);
    }
    tagger_->tag(r);
  });
  return "";
}

void LiveRun::shadow(mock::MockOptions& options, const std::string& scenario) {
  options.accounts = accounts_;
  options.upstream = [this](const mock::HttpRequestHead& head) {
    std::lock_guard lock(in_flight_mutex_);
    ++in_flight_;
    return upstream_.begin(head);
  };
  // Every exchange with an upstream is journaled once its answer is in (mock_cloudinary.cc).
  options.on_recorded = [this](const mock::JournalEntry& entry) {
    created_.observe(entry);
    std::lock_guard lock(in_flight_mutex_);
    --in_flight_;
    settled_.notify_all();
  };
  options.on_shadowed = [this, scenario](const mock::ShadowedAnswer& answer) { fidelity_.record(scenario, answer); };
}

std::string LiveRun::define_named_transformation(const mock::Cloud& cloud, const std::string& name,
                                                 const std::string& definition) {
  const std::string body = "name=" + mock::percent_encode(name) + "&transformation=" + mock::percent_encode(definition);
  AdminAnswer answer = AdminClient(upstream_, cloud).call("POST", "transformations", "", body);
  if (answer.status != 200) {
    return "cldcert.named_transformation: the cloud " + cloud.cloud_name + " refused to define t_" + name + " (" +
           answer.message() + ")";
  }
  created_.add({CreatedResource::Kind::kNamedTransformation, cloud.cloud_name, "", "", name});
  return "";
}

std::optional<std::string> LiveRun::not_applicable_reason(const Scenario& scenario) const {
  return not_applicable_live(scenario, accounts_);
}

std::optional<std::string> not_applicable_live(const Scenario& scenario, const mock::Accounts& accounts) {
  std::set<std::string> mock_steps, missing_clouds;
  for (const auto& step : scenario.steps) {
    if (needs_the_mock(step.action)) mock_steps.insert(step.action);
    if (!step.cloud.empty() && cloud_for_alias(accounts, step.cloud) == nullptr) missing_clouds.insert(step.cloud);
  }
  auto listed = [](const std::set<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
  };
  if (!mock_steps.empty()) return "needs the mock (live run): " + listed(mock_steps);
  if (!missing_clouds.empty()) {
    return "needs the clouds " + listed(missing_clouds) +
           " (live run: the accounts file's first account's clouds are primary, primary_sub; the second's "
           "secondary, secondary_sub)";
  }
  return std::nullopt;
}

std::vector<std::string> LiveRun::clean_up() {
  std::lock_guard cleaning(cleaning_);
  // The large answers relayed so far (a 1.1 GiB delivery) were served: their files go now, not at the run's end.
  if (const auto& spilled = upstream_.config().spill_dir; !spilled.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(spilled, ignored);
  }
  if (tagger_) tagger_->wait_idle();  // a tag added after the delete would fail, not resurrect
  std::vector<CreatedResource> taken = created_.take(), not_deleted;
  std::vector<std::string> left = delete_created(upstream_, accounts_, taken, &not_deleted);
  if (ledger_) {
    std::erase_if(taken, [&](const CreatedResource& r) {
      return std::find(not_deleted.begin(), not_deleted.end(), r) != not_deleted.end();
    });
    if (auto problem = ledger_->settle(taken); !problem.empty()) {
      std::lock_guard lock(left_mutex_);
      record_problems_.push_back(problem);
    }
  }
  std::lock_guard lock(left_mutex_);
  left_behind_.insert(left_behind_.end(), left.begin(), left.end());
  return left;
}

std::vector<std::string> LiveRun::clean_up_when_settled(std::chrono::milliseconds patience) {
  {
    std::unique_lock lock(in_flight_mutex_);
    settled_.wait_for(lock, patience, [&] { return in_flight_ <= 0; });
  }
  std::vector<std::string> left = clean_up();
  if (ledger_) ledger_->close();  // the run ends here (the interrupt path leaves no destructor to run)
  return left;
}

nlohmann::json LiveRun::report_json() const {
  nlohmann::json clouds = nlohmann::json::array();
  for (const auto& account : accounts_.accounts) {
    for (const auto& cloud : account.clouds) clouds.push_back(cloud.cloud_name);
  }
  std::lock_guard lock(left_mutex_);
  nlohmann::json out = {{"clouds", clouds},
                        {"requests", upstream_.requests()},
                        {"bytes_sent", upstream_.bytes_sent()},
                        {"bytes_received", upstream_.bytes_received()},
                        {"rate_limits", upstream_.rate_budget().report_json()},
                        {"left_behind", left_behind_},
                        {"fidelity", fidelity_.summary()}};
  if (!run_id_.empty()) {
    out["run_id"] = run_id_;
    out["tag"] = run_tag(run_id_);
    std::vector<std::string> untagged = tagger_->problems();
    untagged.insert(untagged.end(), record_problems_.begin(), record_problems_.end());
    out["record_problems"] = untagged;
  }
  return out;
}

}  // namespace cldcert::live
