#include "harness/checks/uninstall_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/lifecycle_test_support.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using testing_support::details;
using testing_support::Evidence;
using testing_support::kBase;
using testing_support::Lifecycle;
using testing_support::Site;

// --- uninstall.clean ---------------------------------------------------------------------------

TEST(UninstallClean, PassesWhenTheSiteIsBackAsBefore) {
  auto r = Lifecycle{}.build().run(&check_uninstall_clean);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST(UninstallClean, ALeftoverFolderIsOneFindingListingItsEntries) {
  Lifecycle l;
  l.after_uninstall["cache"] = "/";
  l.after_uninstall["cache/cloudinary"] = "/";
  l.after_uninstall["cache/cloudinary/urls.json"] = "{}\n";
  auto r = l.build().run(&check_uninstall_clean);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message,
              HasSubstr("1 of 10 path(s) after uninstall left Cloudinary behind: cldcert.snapshot#12 left cache/, "
                        "which was not there before install"));
  EXPECT_THAT(details(r), HasSubstr("folder with 2 entries\n  cache/cloudinary\n  cache/cloudinary/urls.json"));
}

TEST(UninstallClean, AnEmptyLeftoverFolderIsNamedAsSuch) {
  Lifecycle l;
  l.after_uninstall["plugins/cloudinary"] = "/";
  auto r = l.build().run(&check_uninstall_clean);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(details(r), HasSubstr("left plugins/cloudinary/, which was not there before install\nempty folder"));
}

TEST(UninstallClean, AConfigKeyNamingCloudinaryIsAFindingWithTheLineAndADiff) {
  Lifecycle l;
  l.after_uninstall["config/platform.json"] =
      "{\n  \"plugins\": [\n    \"gallery\"\n  ],\n  \"hooks\": {\"media\": \"cloudinary\"}\n}\n";
  auto r = l.build().run(&check_uninstall_clean);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(
      r.message,
      HasSubstr(
          "found config/platform.json mentioning Cloudinary at line 5 (\"  \"hooks\": {\"media\": \"cloudinary\"}\")"));
  EXPECT_THAT(details(r), HasSubstr("+  \"hooks\": {\"media\": \"cloudinary\"}"));
}

TEST(UninstallClean, DamageWithoutCloudinaryIsNotItsFinding) {
  Lifecycle l;
  l.after_uninstall["content/welcome.md"] = "# Welcome\n";
  l.after_uninstall.erase("plugins/gallery/plugin.json");
  EXPECT_EQ(l.build().run(&check_uninstall_clean).verdict, Verdict::kPass);
}

TEST(UninstallClean, PathsUnderHostAllowAreIgnored) {
  Lifecycle l;
  l.after_uninstall["logs"] = "/";
  l.after_uninstall["logs/cloudinary.log"] = "uninstalled Cloudinary\n";
  auto ev = l.build();
  ev.manifest().host_allow = {"logs/**"};
  EXPECT_EQ(ev.run(&check_uninstall_clean).verdict, Verdict::kPass);
}

TEST(UninstallClean, SkipsWithoutSnapshots) {
  Evidence ev;
  ev.step("install");
  ev.step("uninstall");
  auto r = ev.run(&check_uninstall_clean);
  EXPECT_EQ(r.verdict, Verdict::kSkip);
  EXPECT_THAT(r.message, HasSubstr("before_install"));
}

// --- uninstall.untouched -----------------------------------------------------------------------

TEST(UninstallUntouched, PassesWhenPlatformFilesAreAsBeforeAndHealthy) {
  auto r = Lifecycle{}.build().run(&check_uninstall_untouched);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("8 platform file(s) and health"));
}

TEST(UninstallUntouched, ARewrittenPageIsAFindingWithItsDiff) {
  Lifecycle l;
  l.after_uninstall["content/welcome.md"] = "# Welcome\n\nEdit me.";
  auto r = l.build().run(&check_uninstall_untouched);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("found content/welcome.md changed (content) since before install"));
  EXPECT_THAT(details(r), HasSubstr("-Edit me.\n+Edit me.\n\\ No newline at end of file"));
}

TEST(UninstallUntouched, ARemovedFolderOfThePlatformAndTheUnhealthySiteAreFindings) {
  Lifecycle l;
  l.after_uninstall.erase("plugins");
  l.after_uninstall.erase("plugins/gallery");
  l.after_uninstall.erase("plugins/gallery/plugin.json");
  l.healthy_after_uninstall = false;
  auto r = l.build().run(&check_uninstall_untouched);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message,
              HasSubstr("2 of 8 platform file(s) and health damaged by install/uninstall: cldcert.snapshot#12 is "
                        "missing plugins/, which existed before install"));
  EXPECT_THAT(details(r), HasSubstr("folder with 2 entries\n  plugins/gallery\n  plugins/gallery/plugin.json"));
  EXPECT_THAT(
      details(r),
      HasSubstr("found the platform unhealthy after uninstall#10 (exit 1: unhealthy: plugin \"gallery\" is missing)"));
}

TEST(UninstallUntouched, ACloudinaryLeftoverInAPlatformFileIsUninstallCleans) {
  Lifecycle l;
  l.after_uninstall["config/platform.json"] = "{\"plugins\": [\"gallery\"], \"hooks\": {\"media\": \"cloudinary\"}}\n";
  l.after_uninstall["cache"] = "/";
  EXPECT_EQ(l.build().run(&check_uninstall_untouched).verdict, Verdict::kPass);
}

TEST(UninstallUntouched, FilesThatMentionedCloudinaryBeforeInstallAreNotJudged) {
  Site before = kBase;
  before["content/cdn.md"] = "We use Cloudinary.\n";
  auto ev = Evidence();
  Lifecycle::snap(ev, "before_install", before);
  ev.step("install");
  ev.step("uninstall");
  Lifecycle::snap(ev, "after_uninstall", kBase);  // the site owner's page went: not untouched's business
  EXPECT_EQ(ev.run(&check_uninstall_untouched).verdict, Verdict::kPass);
}

TEST(UninstallUntouched, SkipsWithoutSnapshots) {
  Evidence ev;
  ev.step("uninstall");
  EXPECT_EQ(ev.run(&check_uninstall_untouched).verdict, Verdict::kSkip);
}

}  // namespace
}  // namespace cldcert
