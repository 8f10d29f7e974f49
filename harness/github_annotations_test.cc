#include "harness/github_annotations.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "harness/scratch_dir_test_support.h"

namespace cldcert {
namespace {

using nlohmann::json;

json check(std::string id, std::string verdict, std::string message, json evidence = json::array()) {
  return {{"id", id}, {"item", "T2"}, {"verdict", verdict}, {"message", message}, {"evidence", evidence}};
}

json report_of(json scenarios) { return {{"scenarios", scenarios}}; }

TEST(GithubAnnotations, OneAnnotationPerFailingCheckListingItsScenarios) {
  json report =
      report_of({{{"id", "upload-basics"},
                  {"checks", {check("ua.format", "fail", "no User-Agent"), check("ua.consistent", "pass", "")}}},
                 {{"id", "accounts"}, {"checks", {check("ua.format", "fail", "no User-Agent")}}}});
  EXPECT_EQ(github_annotations(report),
            "::error title=ua.format (T2)::no User-Agent (scenarios: upload-basics, accounts)\n");
}

TEST(GithubAnnotations, AFileFindingIsAnnotatedOnItsFileAndLine) {
  json evidence = {{{"kind", "file"}, {"ref", "src/config.js:12:5"}}, {{"kind", "journal"}, {"ref", "journal:3"}}};
  json report =
      report_of({{{"id", "secrets"}, {"checks", {check("secret.repository", "fail", "secret in source", evidence)}}}});
  EXPECT_EQ(github_annotations(report),
            "::error file=src/config.js,line=12,col=5,title=secret.repository (T2)::secret in source (scenario: "
            "secrets)\n");
}

TEST(GithubAnnotations, AnArchiveMemberIsAnnotatedOnItsArchiveAndAFileOutsideTheRepositoryOnNoFile) {
  json evidence = {{{"kind", "file"}, {"ref", "dist/plugin.tgz!/package/config.js:3"}},
                   {{"kind", "file"}, {"ref", "{workdir}/build/out.zip!/a.json:1"}}};
  json report = report_of(
      {{{"id", "secrets"}, {"checks", {check("secret.artifacts", "fail", "secret in a package", evidence)}}}});
  EXPECT_EQ(
      github_annotations(report),
      "::error file=dist/plugin.tgz,title=secret.artifacts (T2)::secret in a package (scenario: secrets) in member "
      "package/config.js:3\n"
      "::error title=secret.artifacts (T2)::secret in a package (scenario: secrets) in "
      "{workdir}/build/out.zip!/a.json:1\n");
}

TEST(GithubAnnotations, WarningsAreWarningsAndWaivedOrPassingChecksAreLeftOut) {
  json report = report_of({{{"id", "docs"},
                            {"checks",
                             {check("docs.contact", "warn", "no contact"), check("docs.license", "waived", "x"),
                              check("docs.install", "not_applicable", "y")}}}});
  EXPECT_EQ(github_annotations(report), "::warning title=docs.contact (T2)::no contact (scenario: docs)\n");
}

TEST(GithubAnnotations, TheIntegrationsTextCannotEndTheCommandOrStartAnother) {
  json report =
      report_of({{{"id", "s"}, {"checks", {check("a.b", "error", "50% done\n::set-env name=X::y\r\x1b[31m", {})}}}});
  const std::string out = github_annotations(report);
  EXPECT_EQ(out.find('\n'), out.size() - 1) << out;  // one line
  EXPECT_NE(out.find("50%25 done%0A::set-env"), std::string::npos) << out;
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_EQ(out.find('\r'), std::string::npos) << out;
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(GithubAnnotations, TheStepSummaryIsAppendedAndCutAtGithubsLimit) {
  ScratchDir dir("step-summary");
  const auto summary = dir.write("summary.md", "earlier step\n");
  ASSERT_TRUE(append_step_summary(summary, "# cldcert\nall good\n", "out/report.html"));
  EXPECT_EQ(read(summary), "earlier step\n# cldcert\nall good\n");

  std::string big;
  while (big.size() < 2 * 1024 * 1024) big += "| row | ä |\n";
  std::filesystem::remove(summary);
  ASSERT_TRUE(append_step_summary(summary, big, "out/report.html"));
  const std::string written = read(summary);
  EXPECT_LE(written.size(), 1024u * 1024u);
  EXPECT_NE(written.find("the whole report is out/report.html"), std::string::npos);
  // Cut after a whole line (here a whole table row), never inside a UTF-8 character.
  EXPECT_TRUE(written.substr(0, written.find("\n\n*The report is cut")).ends_with("| row | ä |"));
}

}  // namespace
}  // namespace cldcert
