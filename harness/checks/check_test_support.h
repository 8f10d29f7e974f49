// Test-only: builds the evidence a check reads (steps, the requests recorded during each, the
// store after it, fixtures) in a few lines, so check tests state only what matters to them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/checks/check.h"
#include "harness/checks/registry.h"
#include "harness/manifest.h"

namespace cldcert::testing_support {

class Evidence {
 public:
  // Opens a step on cloud "alpha" (default); requests recorded next belong to it. The reference
  // is valid until the next step() call.
  StepRecord& step(const std::string& action, std::map<std::string, std::string> args = {}, int exit_code = 0,
                   const std::string& cloud = "alpha");
  // Records a request in the current step `wait_ms` after the previous one ended; it lasts 10 ms.
  mock::JournalEntry& request(const std::string& method, const std::string& path, int status = 200, double wait_ms = 5);
  // An upload request to /v1_1/alpha/<resource_type>/upload, signed with a valid signature.
  mock::JournalEntry& upload(const std::string& resource_type = "image", int status = 200, double wait_ms = 5);
  // The store as the current step leaves it (default: as the step before left it).
  StoreSnapshot& store() { return steps_.back().store_after; }
  void fixture(const std::string& path, std::uint64_t size, const std::string& sha256,
               const std::string& head_sha256 = "", const std::string& tail_sha256 = "");
  CheckResult run(CheckFunction fn) const;

  std::vector<StepRecord>& steps() { return steps_; }
  Manifest& manifest() { return manifest_; }
  mock::Accounts& accounts() { return accounts_; }
  std::vector<std::string>& secrets() { return secrets_; }
  std::vector<mock::JournalEntry>& journal() { return journal_; }

 private:
  Manifest manifest_;
  std::vector<mock::JournalEntry> journal_;
  std::vector<StepRecord> steps_;
  mock::Accounts accounts_;
  std::map<std::string, FixtureFacts> fixtures_;
  std::vector<std::string> secrets_;
  double clock_ms_ = 1'700'000'000'000.0;
};

}  // namespace cldcert::testing_support
