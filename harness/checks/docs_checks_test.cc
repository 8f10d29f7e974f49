#include "harness/checks/docs_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/check_test_support.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using testing_support::Evidence;

constexpr const char* kGoodReadme =
    "# Plugin\n\n## Installation\n\n```sh\nnpm ci\n```\n\n## Upgrading\n\ngit pull\n\n## Removing the plugin\n\n"
    "node cli.js uninstall\n\n## How to use\n\nnode cli.js upload\n\n## Known issues\n\n- none\n\n"
    "## Support\n\n<https://git.example.invalid/plugin/issues>\n";

nlohmann::json doc(const std::string& role, const std::string& path, const std::string& text) {
  return {{"role", role}, {"path", path}, {"text", text}, {"sha256", "00"}, {"bytes", text.size()}};
}
nlohmann::json missing(const std::string& role, const std::string& path) {
  return {{"role", role}, {"path", path}, {"missing", true}};
}

// A docs scenario: one cldcert.read_docs step whose output holds these documents.
Evidence docs(const std::string& readme,
              nlohmann::json license = {{"tool", "licensecheck"}, {"spdx", "MIT"}, {"output", "LICENSE\tMIT"}},
              const std::string& changelog = "# Changelog\n## [Unreleased]\n## [1.2.0] - 2026-11-20\n- first\n") {
  Evidence ev;
  ev.manifest().integration_version = "1.2.0";
  auto& step = ev.step("cldcert.read_docs");
  step.last_json = {{"documents",
                     {doc("readme", "README.md", readme), doc("license", "LICENSE", "MIT License"),
                      doc("contributing", "CONTRIBUTING.md", "# Contributing\nSend patches.\n"),
                      doc("changelog", "CHANGELOG.md", changelog)}},
                    {"license", license}};
  return ev;
}

TEST(DocsInstall, PassesWithOddlyWordedSectionsAndNamesThem) {
  auto r = docs(kGoodReadme).run(&check_docs_install);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("uninstall (\"Removing the plugin\")"));
  EXPECT_EQ(r.evidence.front().ref, "README.md:3");
}

TEST(DocsInstall, AMissingSectionFailsNamingItAndTheHeadingsSeen) {
  auto r = docs("# Plugin\n## Install\n## Update\n## Usage\n```\n## Uninstall\n```\n").run(&check_docs_install);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("README.md has no section on uninstall"));
  EXPECT_THAT(r.message, HasSubstr("headings seen: \"Plugin\", \"Install\", \"Update\", \"Usage\""));
  EXPECT_THAT(r.hint, HasSubstr("## Uninstall"));
}

TEST(DocsInstall, NoReadmeFailsAndNoDocsStepSkips) {
  Evidence ev;
  ev.step("cldcert.read_docs").last_json = {{"documents", {missing("readme", "README.md")}}, {"license", nullptr}};
  auto r = ev.run(&check_docs_install);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("no README (README.md)"));
  Evidence none;
  none.step("install");
  EXPECT_EQ(none.run(&check_docs_install).verdict, Verdict::kSkip);
  EXPECT_EQ(none.run(&check_docs_contact).verdict, Verdict::kSkip);
  EXPECT_EQ(none.run(&check_docs_license).verdict, Verdict::kSkip);
  EXPECT_EQ(none.run(&check_docs_changelog).verdict, Verdict::kSkip);
}

TEST(DocsKnownIssues, PassesOnLimitationsFailsWithout) {
  EXPECT_EQ(docs("# P\n## Limitations\n").run(&check_docs_known_issues).verdict, Verdict::kPass);
  auto r = docs("# P\n## Usage\n").run(&check_docs_known_issues);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("no section on known_issues"));
}

TEST(DocsContact, ASupportSectionWithAnAddressPasses) {
  auto r = docs(kGoodReadme).run(&check_docs_contact);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("section \"Support\" gives https://git.example.invalid/plugin/issues"));
}

TEST(DocsContact, AnEmailOrTrackerLinkAnywherePasses) {
  EXPECT_EQ(docs("# P\nQuestions? Write to team@plugin.example.invalid.\n").run(&check_docs_contact).verdict,
            Verdict::kPass);
  EXPECT_EQ(docs("# P\nBugs: https://git.example.invalid/p/issues\n").run(&check_docs_contact).verdict, Verdict::kPass);
}

TEST(DocsContact, NoAddressFailsAndAnEmptySupportSectionIsNamed) {
  auto r = docs("# P\nSee https://cloudinary.com for Cloudinary.\n").run(&check_docs_contact);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("no Support/Contact section, no e-mail address"));
  auto empty = docs("# P\n## Support\nAsk us.\n").run(&check_docs_contact);
  EXPECT_EQ(empty.verdict, Verdict::kFail);
  EXPECT_THAT(empty.message, HasSubstr("section \"Support\" names no e-mail address or URL"));
  EXPECT_EQ(empty.evidence.front().ref, "README.md:2");
}

TEST(DocsLicense, IdentifiedPassesWithTheSpdxIdUnknownOrMissingFails) {
  auto r = docs(kGoodReadme).run(&check_docs_license);
  EXPECT_EQ(r.verdict, Verdict::kPass);
  EXPECT_THAT(r.message, HasSubstr("LICENSE is MIT"));
  auto unknown = docs(kGoodReadme, {{"tool", "licensecheck"}, {"spdx", ""}, {"output", "LICENSE\tUNKNOWN"}})
                     .run(&check_docs_license);
  EXPECT_EQ(unknown.verdict, Verdict::kFail);
  EXPECT_THAT(unknown.message, HasSubstr("not a license licensecheck recognises"));
  Evidence ev;
  ev.step("cldcert.read_docs").last_json = {{"documents", {missing("license", "LICENSE*")}}, {"license", nullptr}};
  EXPECT_THAT(ev.run(&check_docs_license).message, HasSubstr("no LICENSE file"));
}

TEST(DocsContributing, PresentPassesMissingFails) {
  EXPECT_EQ(docs(kGoodReadme).run(&check_docs_contributing).verdict, Verdict::kPass);
  Evidence ev;
  ev.step("cldcert.read_docs").last_json = {{"documents", {missing("contributing", "CONTRIBUTING*")}}};
  auto r = ev.run(&check_docs_contributing);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("CONTRIBUTING* is missing"));
}

TEST(DocsChangelog, AcceptsKeepAChangelogPlainAndVPrefixedHeadings) {
  const nlohmann::json mit = {{"spdx", "MIT"}};
  for (const char* heading :
       {"## [1.2.0] - 2026-11-20", "## 1.2.0", "### v1.2.0 (2026-11-20)", "Version 1.2.0\n============="}) {
    auto r = docs(kGoodReadme, mit, std::string("# Changelog\n") + heading + "\n- fixed\n").run(&check_docs_changelog);
    EXPECT_EQ(r.verdict, Verdict::kPass) << heading << ": " << r.message;
  }
}

TEST(DocsChangelog, NoEntryForTheVersionFailsWithTheLatestEntriesAsNearMiss) {
  const nlohmann::json mit = {{"spdx", "MIT"}};
  for (const char* text : {"# Changelog\n## [1.2.0-beta.1]\n## [1.1.9]\n", "# Changelog\n## [11.2.0]\n",
                           "# Changelog\n## [1.1.0]\nFixed since 1.2.0 was planned\n"}) {
    auto r = docs(kGoodReadme, mit, text).run(&check_docs_changelog);
    EXPECT_EQ(r.verdict, Verdict::kFail) << text;
    EXPECT_THAT(r.message, HasSubstr("CHANGELOG.md has no entry for 1.2.0"));
  }
  auto r = docs(kGoodReadme, mit, "# Changelog\n## [1.1.9]\n").run(&check_docs_changelog);
  EXPECT_THAT(r.near_miss, HasSubstr("\"[1.1.9]\""));
  EXPECT_THAT(r.hint, HasSubstr("## [1.2.0] - YYYY-MM-DD"));
}

// The User-Agent's half of P4 is ua.version's (where the traffic is), and whether the two versions
// agree is ua.format's: this one judges the manifest alone.
TEST(DocsVersion, ASemVerManifestVersionPasses) {
  auto ev = docs(kGoodReadme);
  auto r = ev.run(&check_docs_version);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_EQ(r.message, "1.2.0 is SemVer 2.0.0");
}

TEST(DocsVersion, ANonSemVerManifestVersionFails) {
  auto ev = docs(kGoodReadme);
  ev.manifest().integration_version = "1.2";
  auto r = ev.run(&check_docs_version);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("\"1.2\" is not SemVer 2.0.0"));
}

}  // namespace
}  // namespace cldcert
