#include "harness/checks/lifecycle_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "harness/checks/check_test_support.h"
#include "mocks/digest.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing_support::Evidence;

// A site as path → content; "/" marks a folder.
using Site = std::map<std::string, std::string>;

const Site kBase = {
    {"config", "/"},
    {"config/platform.json", "{\n  \"plugins\": [\n    \"gallery\"\n  ]\n}\n"},
    {"content", "/"},
    {"content/welcome.md", "# Welcome\n\nEdit me.\n"},
    {"plugins", "/"},
    {"plugins/gallery", "/"},
    {"plugins/gallery/plugin.json", "{\"name\": \"gallery\"}\n"},
};

Site installed() {
  Site s = kBase;
  s["config/platform.json"] = "{\n  \"plugins\": [\n    \"gallery\",\n    \"cloudinary\"\n  ]\n}\n";
  s["plugins/cloudinary"] = "/";
  s["plugins/cloudinary/plugin.json"] = "{\"name\": \"cloudinary\"}\n";
  s["plugins/cloudinary/settings.json"] = "{\"cloud\": \"alpha\"}\n";
  return s;
}

nlohmann::json snapshot_json(const std::string& label, const Site& site, const nlohmann::json& state) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& [path, content] : site) {
    if (content == "/") {
      entries.push_back({{"path", path}, {"type", "dir"}, {"mode", "0755"}, {"size", 0}});
      continue;
    }
    nlohmann::json e{{"path", path}, {"type", "file"}, {"mode", "0644"}, {"size", content.size()},
                     {"sha256", mock::sha256_hex(content)}, {"text", content}};
    std::string lower = content;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto at = lower.find("cloudinary"); at != std::string::npos) {
      auto start = content.rfind('\n', at);
      start = start == std::string::npos ? 0 : start + 1;
      e["mention"] = {{"line", std::count(content.begin(), content.begin() + static_cast<long>(at), '\n') + 1},
                      {"text", content.substr(start, content.find('\n', at) - start)}};
    }
    entries.push_back(e);
  }
  return {{"label", label}, {"root", "/site"}, {"entries", entries}, {"state", state}};
}

nlohmann::json state(const std::string& output, int exit_code = 0) {
  return {{"exit_code", exit_code}, {"output", output}, {"error", exit_code ? "cannot read config" : ""}};
}

const std::string kSettings = R"({"settings": {"cloudinary": {"enabled": true, "account": {"cloud_name": "alpha"}}}})";

// The lifecycle scenario's steps; each test changes what it is about.
struct Lifecycle {
  Site after_uninstall = kBase, after_second = kBase;
  std::string state_after_update = kSettings;
  bool healthy_after_update = true, healthy_after_uninstall = true;
  int install_exit = 0;

  Evidence build() const {
    Evidence ev;
    snap(ev, "before_install", kBase);
    ev.step("install", {}, install_exit);
    if (install_exit != 0) return ev;  // the runner stops at a failing step
    health(ev, true);
    snap(ev, "after_install", installed());
    ev.step("login");
    snap(ev, "before_update", installed(), state(kSettings));
    ev.step("update");
    health(ev, healthy_after_update);
    snap(ev, "after_update", installed(), state(state_after_update));
    ev.step("uninstall");
    health(ev, healthy_after_uninstall);
    snap(ev, "after_uninstall", after_uninstall);
    ev.step("uninstall");
    snap(ev, "after_second_uninstall", after_second);
    return ev;
  }
  static void snap(Evidence& ev, const std::string& label, const Site& site, const nlohmann::json& st = nullptr) {
    ev.step("cldcert.snapshot", {{"label", label}}).last_json = snapshot_json(label, site, st);
  }
  static void health(Evidence& ev, bool ok) {
    ev.step("cldcert.health").last_json = {
        {"exit_code", ok ? 0 : 1}, {"healthy", ok}, {"output", ok ? "healthy: /site" : "unhealthy: plugin \"gallery\" is missing\n"}};
  }
};

std::string details(const CheckResult& r) {
  std::string out;
  for (const auto& e : r.evidence) out += e.ref + ": " + e.detail + "\n";
  return out;
}

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
  EXPECT_THAT(r.message, HasSubstr("cldcert.health#8 found the platform unhealthy after update#7 (exit 1: unhealthy: plugin \"gallery\" is missing)"));
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
  EXPECT_THAT(r.message, HasSubstr("uninstall#13 changed 1 path(s) of an already uninstalled platform, first content/welcome.md (removed file)"));
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
  EXPECT_THAT(r.message, HasSubstr("1 of 10 path(s) after uninstall left Cloudinary behind: cldcert.snapshot#12 left cache/, "
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
  l.after_uninstall["config/platform.json"] = "{\n  \"plugins\": [\n    \"gallery\"\n  ],\n  \"hooks\": {\"media\": \"cloudinary\"}\n}\n";
  auto r = l.build().run(&check_uninstall_clean);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("found config/platform.json mentioning Cloudinary at line 5 (\"  \"hooks\": {\"media\": \"cloudinary\"}\")"));
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
  EXPECT_THAT(r.message, HasSubstr("2 of 8 platform file(s) and health damaged by install/uninstall: cldcert.snapshot#12 is "
                                   "missing plugins/, which existed before install"));
  EXPECT_THAT(details(r), HasSubstr("folder with 2 entries\n  plugins/gallery\n  plugins/gallery/plugin.json"));
  EXPECT_THAT(details(r), HasSubstr("found the platform unhealthy after uninstall#10 (exit 1: unhealthy: plugin \"gallery\" is missing)"));
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
  EXPECT_THAT(r.message, HasSubstr("update#7 changed the setting /settings/cloudinary/account/cloud_name from \"alpha\" to "
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
  EXPECT_THAT(r.message, HasSubstr("host.state failed at cldcert.snapshot#9 (after_update): exit 1: cannot read config"));
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
