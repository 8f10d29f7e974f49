#include "harness/checks/accounts_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/checks/accounts_test_support.h"
#include "harness/checks/registry.h"
#include "harness/manifest.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

class AccountChecksTest : public testing_support::AccountsFixture {};

// --- accounts.isolation

TEST_F(AccountChecksTest, IsolationPassesWhenEachStepUsesItsCloud) {
  step("login", "alpha");
  step("upload", "alpha", {{"alpha", "111111111111111"}});
  step("switch", "beta");
  step("upload", "beta", {{"beta", "333333333333333"}, {"beta", ""}});
  step("upload", "alpha-sub", {{"alpha-sub", "222222222222222", 403}}, 2);
  auto r = run(&check_accounts_isolation);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("4 API request(s)"));
}

TEST_F(AccountChecksTest, IsolationSkipsWithoutApiRequests) {
  step("login", "alpha");
  journal_.push_back(mock::JournalEntry{});
  journal_.back().id = 1;
  journal_.back().api = "delivery";
  journal_.back().cloud = "beta";
  steps_.back().last_journal_id = 1;
  EXPECT_EQ(run(&check_accounts_isolation).verdict, Verdict::kSkip);
}

TEST_F(AccountChecksTest, IsolationCatchesTheOldKeyOnTheNewCloud) {
  step("upload", "alpha", {{"alpha", "111111111111111"}});
  step("switch", "beta");
  step("upload", "beta", {{"beta", "111111111111111", 401}}, 2);
  auto r = run(&check_accounts_isolation);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("upload#3"));
  EXPECT_THAT(r.message, HasSubstr("the API key of cloud 'alpha', not that of cloud 'beta'"));
  ASSERT_THAT(r.evidence, SizeIs(1));
  EXPECT_EQ(r.evidence[0].kind, "request");
  EXPECT_EQ(r.evidence[0].ref, "journal:2");
}

TEST_F(AccountChecksTest, IsolationCatchesTheOldCloud) {
  step("switch", "beta");
  step("upload", "beta", {{"alpha", "111111111111111"}});
  auto r = run(&check_accounts_isolation);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.seen, HasSubstr("sent to cloud 'alpha', not 'beta'"));
  EXPECT_THAT(r.seen, HasSubstr("the API key of cloud 'alpha'"));
}

TEST_F(AccountChecksTest, IsolationNamesUnknownKeysAndProvisioningKeys) {
  step("upload", "alpha", {{"alpha", "999"}});
  step("upload", "alpha", {{"", "prov1", 200, "provisioning"}});
  step("upload", "beta", {{"", "prov1", 200, "provisioning"}});
  auto r = run(&check_accounts_isolation);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_THAT(r.evidence, SizeIs(2)) << r.message;  // the provisioning key of alpha's own account is fine
  EXPECT_THAT(r.evidence[0].detail, HasSubstr("API key 999, of none of the run's clouds"));
  EXPECT_THAT(r.evidence[1].detail, HasSubstr("the provisioning key of account 'acc1'"));
}

// Two uploads run at once, one per cloud: their requests share one journal range.
class ConcurrentIsolationTest : public AccountChecksTest {
 protected:
  void uploads_at_once(const std::vector<Req>& requests, int beta_exit = 0) {
    step("switch", "beta");
    const std::size_t first = steps_.size();
    step("upload", "alpha", requests);
    step("upload", "beta", {}, beta_exit);
    for (std::size_t i = first; i < steps_.size(); ++i) {
      steps_[i].concurrent_group = first;
      steps_[i].first_journal_id = steps_[first].first_journal_id;
      steps_[i].last_journal_id = journal_.size();
    }
  }
};

TEST_F(ConcurrentIsolationTest, PassesWhenEachRequestFitsOneOfTheStepsAndEachReachedItsCloud) {
  // In any order: which step sent which cannot be told, only that each fits one of them.
  uploads_at_once({{"beta", "333333333333333"}, {"alpha", "111111111111111"}});
  auto r = run(&check_accounts_isolation);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("4 API request(s) and step(s) run at once"));
}

TEST_F(ConcurrentIsolationTest, CatchesACloudWithTheOtherCloudsKey) {
  // Mixed configuration: alpha's request signed with beta's key (the active account's).
  uploads_at_once({{"alpha", "333333333333333", 401}, {"beta", "333333333333333"}});
  auto r = run(&check_accounts_isolation);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_THAT(r.evidence, SizeIs(2)) << r.message;
  EXPECT_THAT(r.evidence[0].detail, HasSubstr("the API key of cloud 'beta', not that of cloud 'alpha'"));
  EXPECT_EQ(r.evidence[0].ref, "journal:1");
  // …and so alpha's step, which said it succeeded, never reached alpha with alpha's key.
  EXPECT_THAT(r.evidence[1].detail, HasSubstr("no request of the steps run at once with it reached cloud 'alpha'"));
}

TEST_F(ConcurrentIsolationTest, CatchesBothUploadsGoingToTheActiveCloud) {
  uploads_at_once({{"beta", "333333333333333"}, {"beta", "333333333333333"}});
  auto r = run(&check_accounts_isolation);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_THAT(r.evidence, SizeIs(1)) << r.message;
  EXPECT_THAT(r.seen, HasSubstr("upload#2 (cloud 'alpha'): it succeeded, yet no request"));
}

TEST_F(ConcurrentIsolationTest, AStepThatRefusedNeedNotReachItsCloud) {
  uploads_at_once({{"alpha", "111111111111111"}}, 3);
  EXPECT_EQ(run(&check_accounts_isolation).verdict, Verdict::kPass);
}

// --- accounts.logout

TEST_F(AccountChecksTest, LogoutPassesWhenNothingIsSentUntilTheNextLogin) {
  step("upload", "alpha", {{"alpha", "111111111111111"}});
  step("logout", "alpha");
  step("upload", "alpha", {}, 3);
  step("login", "beta");
  step("upload", "beta", {{"beta", "333333333333333"}});
  auto r = run(&check_accounts_logout);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("1 step(s) after logout"));
}

TEST_F(AccountChecksTest, LogoutSkipsWithoutALogoutStep) {
  step("upload", "alpha", {{"alpha", "111111111111111"}});
  EXPECT_EQ(run(&check_accounts_logout).verdict, Verdict::kSkip);
}

TEST_F(AccountChecksTest, LogoutCatchesARequestWithTheOldCredentials) {
  step("logout", "alpha");
  step("upload", "alpha", {{"alpha", "111111111111111"}});
  step("uninstall", "alpha", {{"alpha", "", 401, "admin"}});
  auto r = run(&check_accounts_logout);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("2 API request(s) were sent after logout"));
  EXPECT_THAT(r.seen, HasSubstr("upload#2"));
  EXPECT_THAT(r.seen, HasSubstr("signature auth with API key 111111111111111"));
  ASSERT_THAT(r.evidence, SizeIs(2));
  EXPECT_EQ(r.evidence[1].ref, "journal:2");
}

// --- accounts.restricted_key

TEST_F(AccountChecksTest, RestrictedKeyPassesOnACleanRefusal) {
  auto& s = step("upload", "alpha-sub", {{"alpha-sub", "222222222222222", 403}}, 2);
  s.expect.kind = StepExpect::Kind::kRefusal;
  s.stderr_text = "error: Cloudinary upload failed (HTTP 403): Permission denied (the API key lacks the permission)\n";
  auto r = run(&check_accounts_restricted_key);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST_F(AccountChecksTest, RestrictedKeySkipsStepsNotOnAReadOnlyCloudOrLoggedOut) {
  step("upload", "alpha", {}, 3).expect.kind = StepExpect::Kind::kRefusal;  // not read-only
  step("login", "alpha-sub");
  step("logout", "alpha-sub");
  step("upload", "alpha-sub", {}, 3).expect.kind = StepExpect::Kind::kRefusal;  // not logged in: another rule
  step("upload", "alpha-sub", {{"alpha-sub", "222222222222222", 403}}, 2);      // not expected to fail
  EXPECT_EQ(run(&check_accounts_restricted_key).verdict, Verdict::kSkip);
}

TEST_F(AccountChecksTest, RestrictedKeyCatchesAStackTrace) {
  auto& s = step("upload", "alpha-sub", {{"alpha-sub", "222222222222222", 403}}, 1);
  s.expect.kind = StepExpect::Kind::kRefusal;
  s.stderr_text =
      "/site/src/media.js:70\n      setImmediate(() => { throw crash; });\n\nError: refused\n"
      "    at Immediate.<anonymous> (/site/src/media.js:70:28)\n"
      "    at process.processImmediate (node:internal/timers:478:21)\n";
  auto r = run(&check_accounts_restricted_key);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("crashed with a stack trace"));
  EXPECT_THAT(r.message, HasSubstr("at Immediate.<anonymous> (/site/src/media.js:70:28)"));
  ASSERT_THAT(r.evidence, SizeIs(2));
  EXPECT_EQ(r.evidence[0].kind, "step");
  EXPECT_EQ(r.evidence[0].ref, "upload#1");
  EXPECT_EQ(r.evidence[1].ref, "journal:1");
}

TEST_F(AccountChecksTest, RestrictedKeyCatchesASilentSuccessAndAMissing403) {
  auto& s = step("upload", "alpha-sub", {}, 0);
  s.expect.kind = StepExpect::Kind::kRefusal;
  s.error = "was expected to fail but succeeded";
  auto r = run(&check_accounts_restricted_key);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("exited 0"));
  EXPECT_THAT(r.message, HasSubstr("printed no message on stderr"));
  EXPECT_THAT(r.message, HasSubstr("never answered 403"));
}

// --- accounts.sub_account

// acc1 lists alpha and alpha-sub; the scenario picks alpha-sub, works there and switches back to alpha.
class SubAccountTest : public AccountChecksTest {
 protected:
  void SetUp() override {
    accounts_.accounts[0].clouds[0].id = "id-alpha";
    accounts_.accounts[0].clouds[1].id = "id-alpha-sub";
    accounts_.accounts[1].provisioning_key = "prov2";
  }
  // A sub_accounts step whose one request is a Provisioning API listing with `key`, printing `ids`.
  StepRecord& listing(const std::string& key, const std::vector<std::string>& ids = {"id-alpha", "id-alpha-sub"}) {
    StepRecord& s = step("sub_accounts", "alpha", {{"", key, 200, "provisioning"}});
    journal_.back().path = "/v1_1/provisioning/accounts/acc1/sub_accounts";
    journal_.back().action = "sub_accounts.list";
    s.last_json = {{"sub_accounts", nlohmann::json::array()}};
    for (const auto& id : ids) s.last_json["sub_accounts"].push_back({{"id", id}, {"name", id}});
    return s;
  }
  // The check's result, which must be a failure.
  CheckResult failed() {
    CheckResult r = run(&check_accounts_sub_account);
    EXPECT_EQ(r.verdict, Verdict::kFail) << r.message;
    return r;
  }
  // The scenario from the listing on; `in_sub` are the requests of the upload in the picked sub-account.
  void scenario(const std::vector<Req>& in_sub, const std::vector<Req>& after = {{"alpha", "111111111111111"}}) {
    step("login", "alpha");
    listing("prov1");
    step("switch_sub_account", "alpha-sub", {{"", "prov1", 200, "provisioning"}});
    step("upload", "alpha-sub", in_sub);
    step("list", "alpha-sub", {{"alpha-sub", "222222222222222", 200, "admin"}});
    step("switch", "alpha");
    step("upload", "alpha", after);
  }
};

TEST_F(SubAccountTest, PassesWhenThePickedSubAccountIsUsedWithItsOwnKey) {
  scenario({{"alpha-sub", "222222222222222"}});
  auto r = run(&check_accounts_sub_account);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("6 API request(s) and listing(s)"));
}

TEST_F(SubAccountTest, CatchesTheParentsKeyInThePickedSubAccount) {
  scenario({{"alpha-sub", "111111111111111", 401}});
  const CheckResult r = failed();
  EXPECT_THAT(r.seen, HasSubstr("upload#4 (cloud 'alpha-sub')"));
  EXPECT_THAT(r.seen, HasSubstr("the API key of cloud 'alpha', not that of cloud 'alpha-sub'"));
  ASSERT_THAT(r.evidence, SizeIs(1));
  EXPECT_EQ(r.evidence[0].ref, "journal:3");
}

TEST_F(SubAccountTest, CatchesTheParentsCloudAndAnotherSubAccount) {
  scenario({{"alpha", "111111111111111"}, {"beta", "333333333333333"}});
  const CheckResult r = failed();
  ASSERT_THAT(r.evidence, SizeIs(2)) << r.message;
  EXPECT_THAT(r.evidence[0].detail, HasSubstr("sent to cloud 'alpha', not 'alpha-sub'"));
  EXPECT_THAT(r.evidence[1].detail, HasSubstr("sent to cloud 'beta', not 'alpha-sub'"));
  EXPECT_THAT(r.evidence[1].detail, HasSubstr("the API key of cloud 'beta'"));
}

TEST_F(SubAccountTest, CatchesTheSubAccountsKeyKeptAfterTheSwitchBack) {
  scenario({{"alpha-sub", "222222222222222"}}, {{"alpha", "222222222222222", 401}});
  const CheckResult r = failed();
  EXPECT_THAT(r.seen, HasSubstr("upload#7 (cloud 'alpha')"));
  EXPECT_THAT(r.seen, HasSubstr("the API key of cloud 'alpha-sub', not that of cloud 'alpha'"));
}

TEST_F(SubAccountTest, CatchesASecretInTheListingsUrlAndNoBasicAuth) {
  step("login", "alpha");
  listing("");
  journal_.back().query = "api_key=prov1&api_secret=[REDACTED]";
  journal_.back().status = 401;
  step("switch_sub_account", "alpha-sub");
  const CheckResult r = failed();
  EXPECT_THAT(r.seen, HasSubstr("sent without Basic auth with the account's provisioning key"));
  EXPECT_THAT(r.seen, HasSubstr("carries a secret in its URL"));
  ASSERT_THAT(r.evidence, SizeIs(2)) << r.message;
  EXPECT_THAT(r.evidence[1].detail, HasSubstr("no listing of sub-accounts through the Provisioning API succeeded"));
}

TEST_F(SubAccountTest, CatchesAnotherAccountsProvisioningKey) {
  step("login", "alpha");
  listing("prov2");
  step("switch_sub_account", "alpha-sub");
  const CheckResult r = failed();
  EXPECT_THAT(r.seen, HasSubstr("the provisioning key of account 'acc2'"));
}

TEST_F(SubAccountTest, CatchesAListingWithoutTheProvisioningApiOrMissingASubAccount) {
  step("login", "alpha");
  step("sub_accounts", "alpha").last_json = {{"sub_accounts", nlohmann::json::array()}};
  listing("prov1", {"id-alpha"});
  step("switch_sub_account", "alpha-sub");
  const CheckResult r = failed();
  ASSERT_THAT(r.evidence, SizeIs(2)) << r.message;
  EXPECT_EQ(r.evidence[0].kind, "step");
  EXPECT_THAT(r.evidence[0].detail, HasSubstr("no listing of sub-accounts through the Provisioning API"));
  EXPECT_THAT(r.evidence[0].detail, HasSubstr("lack 'alpha' (id id-alpha), 'alpha-sub' (id id-alpha-sub)"));
  EXPECT_THAT(r.evidence[1].detail, HasSubstr("printed sub_accounts lack 'alpha-sub' (id id-alpha-sub)"));
}

TEST_F(SubAccountTest, SkipsWhenNoSubAccountWasPicked) {
  step("login", "alpha");
  step("upload", "alpha", {{"alpha", "111111111111111"}});
  listing("prov1");
  EXPECT_EQ(run(&check_accounts_sub_account).verdict, Verdict::kSkip);
}

// What follows a logout is accounts.logout's to judge, not this check's.
TEST_F(SubAccountTest, LeavesWhatFollowsALogoutToTheLogoutCheck) {
  scenario({{"alpha-sub", "222222222222222"}});
  step("logout", "alpha");
  step("upload", "alpha", {{"alpha", "222222222222222", 401}}, 3);
  EXPECT_EQ(run(&check_accounts_sub_account).verdict, Verdict::kPass);
}

}  // namespace
}  // namespace cldcert
