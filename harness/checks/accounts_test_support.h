// Test-only: the clouds of two accounts (one read-only cloud among them) and a fixture that records
// steps with the requests each sent, for the tests of the accounts and integration checks.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/checks/check.h"
#include "harness/checks/registry.h"
#include "harness/manifest.h"

namespace cldcert::testing_support {

// Two accounts: acc1 = {alpha (master_admin), alpha-sub (read_only)}, acc2 = {beta}.
inline mock::Accounts accounts() {
  mock::Accounts a;
  mock::Account one;
  one.id = "acc1";
  one.provisioning_key = "prov1";
  mock::Cloud alpha;
  alpha.cloud_name = "alpha";
  alpha.api_key = "111111111111111";
  alpha.account_id = "acc1";
  mock::Cloud sub;
  sub.cloud_name = "alpha-sub";
  sub.api_key = "222222222222222";
  sub.role = mock::Role::kReadOnly;
  sub.account_id = "acc1";
  one.clouds = {alpha, sub};
  mock::Account two;
  two.id = "acc2";
  mock::Cloud beta;
  beta.cloud_name = "beta";
  beta.api_key = "333333333333333";
  beta.account_id = "acc2";
  two.clouds = {beta};
  a.accounts = {one, two};
  return a;
}

// The steps of a scenario about accounts, each with the requests recorded during it.
class AccountsFixture : public ::testing::Test {
 protected:
  // A step on `cloud` during which `requests` were recorded: {cloud, api_key, status} each.
  struct Req {
    std::string cloud;
    std::string api_key;
    int status = 200;
    std::string api = "upload";
  };
  StepRecord& step(const std::string& action, const std::string& cloud, const std::vector<Req>& requests = {},
                   int exit_code = 0) {
    StepRecord s;
    s.index = steps_.size();
    s.action = action;
    s.cloud = cloud;
    s.exit_code = exit_code;
    s.first_journal_id = journal_.size();
    for (const auto& r : requests) {
      mock::JournalEntry e;
      e.id = journal_.size() + 1;
      e.method = "POST";
      e.path = "/v1_1/" + r.cloud + "/image/upload";
      e.started_at = "2024-01-01T00:00:00.000Z";
      e.api = r.api;
      e.cloud = r.cloud;
      e.auth.method = r.api_key.empty() ? "none" : "signature";
      e.auth.api_key = r.api_key;
      e.status = r.status;
      journal_.push_back(e);
    }
    s.last_journal_id = journal_.size();
    steps_.push_back(s);
    return steps_.back();
  }
  CheckResult run(CheckFunction fn) { return fn(CheckInput{manifest_, journal_, steps_, accounts_, {}}); }
  Manifest manifest_;
  std::vector<mock::JournalEntry> journal_;
  std::vector<StepRecord> steps_;
  mock::Accounts accounts_ = accounts();
};

}  // namespace cldcert::testing_support
