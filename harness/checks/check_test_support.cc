#include "harness/checks/check_test_support.h"

namespace cldcert::testing_support {

StepRecord& Evidence::step(const std::string& action, std::map<std::string, std::string> args, int exit_code,
                           const std::string& cloud) {
  StepRecord s;
  s.index = steps_.size();
  s.action = action;
  s.cloud = cloud;
  s.args = std::move(args);
  s.exit_code = exit_code;
  s.first_journal_id = journal_.size();
  s.last_journal_id = journal_.size();
  if (!steps_.empty()) s.store_after = steps_.back().store_after;
  steps_.push_back(std::move(s));
  return steps_.back();
}

mock::JournalEntry& Evidence::request(const std::string& method, const std::string& path, int status, double wait_ms) {
  clock_ms_ += wait_ms;
  mock::JournalEntry e;
  e.id = journal_.size() + 1;
  e.method = method;
  e.path = path;
  e.started_unix_ms = static_cast<std::int64_t>(clock_ms_);
  e.started_at = "2023-11-14T22:13:20.000Z";
  e.duration_ms = 10;
  clock_ms_ += e.duration_ms;
  e.api = path.starts_with("/v1_1/") ? "upload" : "delivery";
  e.cloud = "alpha";
  e.status = status;
  journal_.push_back(std::move(e));
  steps_.back().last_journal_id = journal_.size();
  return journal_.back();
}

mock::JournalEntry& Evidence::upload(const std::string& resource_type, int status, double wait_ms) {
  auto& e = request("POST", "/v1_1/alpha/" + resource_type + "/upload", status, wait_ms);
  e.action = "upload";
  e.resource_type = resource_type;
  e.auth.method = "signature";
  e.auth.outcome = "ok";
  e.headers.emplace_back("User-Agent", "CloudinaryRefplat/1.2.0 (Refplat 3.4.1) CloudinaryNodeJS/2.11.0");
  return e;
}

void Evidence::fixture(const std::string& path, std::uint64_t size, const std::string& sha256,
                       const std::string& head_sha256, const std::string& tail_sha256) {
  fixtures_[path] = FixtureFacts{path, size, sha256, head_sha256, tail_sha256};
}

CheckResult Evidence::run(CheckFunction fn) const {
  return fn(CheckInput{manifest_, journal_, steps_, accounts_, secrets_, fixtures_});
}

}  // namespace cldcert::testing_support
