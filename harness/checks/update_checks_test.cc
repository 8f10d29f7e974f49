#include "harness/checks/update_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/lifecycle_test_support.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using testing_support::details;
using testing_support::Evidence;
using testing_support::Lifecycle;
using testing_support::state;

// --- update.keeps_settings ---------------------------------------------------------------------

TEST(UpdateKeepsSettings, PassesWhenTheStateIsTheSame) {
  auto r = Lifecycle{}.build().run(&check_update_keeps_settings);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("2 setting(s), kept across the update"));
}

TEST(UpdateKeepsSettings, AResetAccountIsAFindingNamingTheSetting) {
  Lifecycle l;
  l.state_after_update = R"({"settings": {"cloudinary": {"enabled": true, "account": null}}})";
  auto r = l.build().run(&check_update_keeps_settings);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message,
              HasSubstr("update#7 changed the setting /settings/cloudinary/account/cloud_name from \"alpha\" to "
                        "nothing (it is gone)"));
}

TEST(UpdateKeepsSettings, NonJsonStateIsComparedAsText) {
  Lifecycle l;
  auto ev = l.build();
  ev.steps()[5].last_json["state"]["output"] = "cloud=alpha\nenabled=1\n";
  ev.steps()[8].last_json["state"]["output"] = "cloud=\nenabled=1\n";
  auto r = ev.run(&check_update_keeps_settings);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(details(r), HasSubstr("-cloud=alpha\n+cloud=\n"));
}

TEST(UpdateKeepsSettings, AFailingStateCommandIsReportedAsSuch) {
  auto ev = Lifecycle{}.build();
  ev.steps()[8].last_json["state"] = state("", 1);
  auto r = ev.run(&check_update_keeps_settings);
  EXPECT_EQ(r.verdict, Verdict::kError);
  EXPECT_THAT(r.message,
              HasSubstr("host.state failed at cldcert.snapshot#9 (after_update): exit 1: cannot read config"));
}

TEST(UpdateKeepsSettings, SkipsWithoutHostStateOrSnapshots) {
  auto ev = Lifecycle{}.build();
  ev.steps()[5].last_json["state"] = nullptr;
  ev.steps()[8].last_json["state"] = nullptr;
  auto r = ev.run(&check_update_keeps_settings);
  EXPECT_EQ(r.verdict, Verdict::kSkip);
  EXPECT_THAT(r.message, HasSubstr("no host.state"));
  Evidence none;
  none.step("update");
  EXPECT_EQ(none.run(&check_update_keeps_settings).verdict, Verdict::kSkip);
}

}  // namespace
}  // namespace cldcert
