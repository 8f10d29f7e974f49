#include "harness/checks/integration_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/accounts_test_support.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

class IntegrationChecksTest : public testing_support::AccountsFixture {};

// --- integration.disabled

TEST_F(IntegrationChecksTest, DisabledPassesWhenSilentAndUploadWorksAfterEnable) {
  step("login", "alpha");
  step("disable", "alpha");
  step("upload", "alpha");
  step("deliver", "alpha");
  step("enable", "alpha");
  step("upload", "alpha", {{"alpha", "111111111111111"}});
  auto r = run(&check_integration_disabled);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("2 step(s) while disabled"));
  EXPECT_THAT(r.message, HasSubstr("upload#6"));
}

TEST_F(IntegrationChecksTest, DisabledAcceptsARefusalWithAMessage) {
  step("disable", "alpha");
  step("upload", "alpha", {}, 3).stderr_text = "error: Cloudinary is disabled in this site's settings\n";
  step("deliver", "alpha");  // doing nothing is right too
  step("enable", "alpha");
  step("upload", "alpha", {{"alpha", "111111111111111"}});
  auto r = run(&check_integration_disabled);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST_F(IntegrationChecksTest, DisabledCatchesARefusalThatCrashesOrSaysNothing) {
  step("disable", "alpha");
  step("upload", "alpha", {}, 1).stderr_text = "Error: disabled\n    at upload (/srv/plugin/cli.js:40:11)\n";
  step("deliver", "alpha", {}, 2);  // silent
  step("enable", "alpha");
  step("upload", "alpha", {{"alpha", "111111111111111"}});
  auto r = run(&check_integration_disabled);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("2 problem(s)"));
  EXPECT_THAT(r.seen, HasSubstr("upload#2 refused while disabled but crashed with a stack trace"));
  ASSERT_THAT(r.evidence, SizeIs(2));
  EXPECT_EQ(r.evidence[1].ref, "deliver#3");
}

TEST_F(IntegrationChecksTest, DisabledSkipsWithoutADisableStep) {
  step("upload", "alpha", {{"alpha", "111111111111111"}});
  EXPECT_EQ(run(&check_integration_disabled).verdict, Verdict::kSkip);
}

TEST_F(IntegrationChecksTest, DisabledCatchesTrafficWhileDisabled) {
  step("disable", "alpha");
  step("upload", "alpha", {{"alpha", "111111111111111"}, {"alpha", "", 200, "control"}});
  step("deliver", "alpha", {{"alpha", "", 200, "delivery"}});
  step("enable", "alpha");
  step("upload", "alpha", {{"alpha", "111111111111111"}});
  auto r = run(&check_integration_disabled);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  ASSERT_THAT(r.evidence, SizeIs(2)) << r.message;  // the control request is the harness's own
  EXPECT_EQ(r.evidence[0].ref, "journal:1");
  EXPECT_EQ(r.evidence[1].ref, "journal:3");
  EXPECT_THAT(r.seen, HasSubstr("upload#2"));
}

TEST_F(IntegrationChecksTest, DisabledCatchesAnUploadThatStaysOffAfterEnable) {
  step("disable", "alpha");
  step("enable", "alpha");
  step("upload", "alpha");  // exit 0, but nothing sent: still disabled
  auto r = run(&check_integration_disabled);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("the first upload after enable sent no request"));
  step("upload", "alpha", {{"alpha", "111111111111111"}});  // only the first upload after enable counts
  EXPECT_EQ(run(&check_integration_disabled).verdict, Verdict::kFail);
}

TEST_F(IntegrationChecksTest, DisabledCatchesAFailedUploadAfterEnable) {
  step("disable", "alpha");
  step("enable", "alpha");
  step("upload", "alpha", {{"alpha", "111111111111111", 500}}, 2);
  auto r = run(&check_integration_disabled);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("failed (exit 2)"));
}

}  // namespace
}  // namespace cldcert
