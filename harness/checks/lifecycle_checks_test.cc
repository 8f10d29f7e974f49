#include "harness/checks/lifecycle_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/lifecycle_test_support.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using testing_support::details;
using testing_support::Evidence;
using testing_support::Lifecycle;

// --- lifecycle.actions -------------------------------------------------------------------------

TEST(LifecycleActions, PassesWhenEveryActionSucceedsAndTheSecondUninstallChangesNothing) {
  auto r = Lifecycle{}.build().run(&check_lifecycle_actions);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("7 lifecycle outcome(s)"));
}

TEST(LifecycleActions, AFailedInstallFailsAndNamesTheActionsThatNeverRan) {
  Lifecycle l;
  l.install_exit = 2;
  auto ev = l.build();
  ev.steps()[1].stderr_text = "cannot write config";
  auto r = ev.run(&check_lifecycle_actions);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("install#2 exited 2; stderr: cannot write config"));
  EXPECT_THAT(details(r), HasSubstr("update never ran"));
  EXPECT_THAT(details(r), HasSubstr("uninstall never ran"));
}

TEST(LifecycleActions, AnUnhealthyPlatformAfterUpdateFails) {
  Lifecycle l;
  l.healthy_after_update = false;
  auto r = l.build().run(&check_lifecycle_actions);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("cldcert.health#8 found the platform unhealthy after update#7 (exit 1: unhealthy: "
                                   "plugin \"gallery\" is missing)"));
}

TEST(LifecycleActions, HealthAfterUninstallIsLeftToUninstallUntouched) {
  Lifecycle l;
  l.healthy_after_uninstall = false;
  EXPECT_EQ(l.build().run(&check_lifecycle_actions).verdict, Verdict::kPass);
}

TEST(LifecycleActions, ASecondUninstallThatChangesTheSiteFails) {
  Lifecycle l;
  l.after_second.erase("content/welcome.md");
  auto r = l.build().run(&check_lifecycle_actions);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("uninstall#13 changed 1 path(s) of an already uninstalled platform, first "
                                   "content/welcome.md (removed file)"));
  EXPECT_THAT(details(r), HasSubstr("-# Welcome"));
}

TEST(LifecycleActions, AFailingSecondUninstallFails) {
  auto ev = Lifecycle{}.build();
  ev.steps()[12].exit_code = 1;
  auto r = ev.run(&check_lifecycle_actions);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("uninstall#13 exited 1"));
}

TEST(LifecycleActions, SkipsWithoutLifecycleSteps) {
  Evidence ev;
  ev.step("upload");
  EXPECT_EQ(ev.run(&check_lifecycle_actions).verdict, Verdict::kSkip);
}

}  // namespace
}  // namespace cldcert
