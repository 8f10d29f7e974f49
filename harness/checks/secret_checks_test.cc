#include "harness/checks/secret_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/browse_test_support.h"
#include "harness/checks/check_test_support.h"

namespace cldcert {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing_support::Browse;
using testing_support::Evidence;
using testing_support::kSecret;

nlohmann::json finding(const std::string& file, int line, int column, const std::string& rule,
                       const std::string& commit = "") {
  nlohmann::json f = {{"file", file},
                      {"line", line},
                      {"column", column},
                      {"rule", rule},
                      {"excerpt", "url = cloudinary://123:[REDACTED]@demo"},
                      {"fingerprint", "abcd"}};
  if (!commit.empty()) f["commit"] = commit;
  return f;
}

void scan(Evidence& ev, const std::string& where, nlohmann::json scanned, nlohmann::json findings,
          nlohmann::json missing = nlohmann::json::array(), nlohmann::json unread = nlohmann::json::array()) {
  ev.step("cldcert.scan_secrets", {{"where", where}}).last_json = {{"where", where},
                                                                   {"scanned", scanned},
                                                                   {"missing", missing},
                                                                   {"findings", findings},
                                                                   {"warnings", nlohmann::json::array()},
                                                                   {"unread", unread}};
}

TEST(SecretSource, CleanScanPassesNamingWhatWasScanned) {
  Evidence ev;
  scan(ev, "source", {"src", "cli.js"}, nlohmann::json::array());
  auto r = ev.run(&check_secret_source);
  EXPECT_EQ(r.verdict, Verdict::kPass);
  EXPECT_THAT(r.message, HasSubstr("no secret in the source tree (src, cli.js)"));
}

TEST(SecretSource, EachLeakIsAFindingWithFileLineColumnRuleAndExcerpt) {
  Evidence ev;
  scan(ev, "source", {"src"},
       {finding("src/a.js", 3, 14, "known-secret/cloudinary-url"), finding("src/b.js", 1, 1, "known-secret/hex")});
  auto r = ev.run(&check_secret_source);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message,
              HasSubstr("2 leak(s) of a secret in the source tree: src/a.js:3:14 known-secret/cloudinary-url: "
                        "url = cloudinary://123:[REDACTED]@demo"));
  ASSERT_EQ(r.evidence.size(), 2u);
  EXPECT_EQ(r.evidence[1].kind, "file");
  EXPECT_EQ(r.evidence[1].ref, "src/b.js:1:1");
  EXPECT_THAT(r.hint, HasSubstr("rotate the secret"));
}

TEST(SecretSource, ScansOfOtherKindsAreNotJudgedAndNothingScannedSkips) {
  Evidence ev;
  scan(ev, "artifacts", {"{workdir}/dist"}, {finding("{workdir}/dist/a.tgz!/config.json", 1, 1, "known-secret/plain")});
  auto r = ev.run(&check_secret_source);
  EXPECT_EQ(r.verdict, Verdict::kSkip);
  EXPECT_THAT(r.message, HasSubstr("no cldcert.scan_secrets where=source step"));
  Evidence gone;
  scan(gone, "source", nlohmann::json::array(), nlohmann::json::array(), {"lib"});
  EXPECT_THAT(gone.run(&check_secret_source).message, HasSubstr("declared but not found: lib"));
}

TEST(SecretHistory, AFindingNamesItsCommitAndTheHintSaysHistoryStaysPublic) {
  Evidence ev;
  scan(ev, "history", {"{workdir}/release"},
       {finding("{workdir}/release/config.json", 2, 12, "known-secret/cloudinary-url",
                "0123456789abcdef0123456789abcdef01234567")});
  auto r = ev.run(&check_secret_history);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("{workdir}/release/config.json:2:12"));
  EXPECT_THAT(r.message, HasSubstr("(commit 0123456789ab)"));
  EXPECT_THAT(r.hint, HasSubstr("a secret in history stays public"));
  Evidence clean;
  scan(clean, "history", {"{workdir}/release"}, nlohmann::json::array());
  EXPECT_EQ(clean.run(&check_secret_history).verdict, Verdict::kPass);
  Evidence none;
  none.step("install");
  EXPECT_EQ(none.run(&check_secret_history).verdict, Verdict::kSkip);
}

TEST(SecretArtifact, PlainAndBase64LeaksInsideTheArchiveBothFail) {
  Evidence ev;
  scan(ev, "artifacts", {"{workdir}/dist"},
       {finding("{workdir}/dist/p.tgz!/./dist/app.min.js", 1, 20, "known-secret/base64")});
  auto r = ev.run(&check_secret_artifact);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("p.tgz!/./dist/app.min.js:1:20 known-secret/base64"));
  EXPECT_THAT(r.hint, HasSubstr("not even base64-encoded"));
  Evidence clean;
  scan(clean, "artifacts", {"{workdir}/dist"}, nlohmann::json::array());
  EXPECT_EQ(clean.run(&check_secret_artifact).verdict, Verdict::kPass);
}

TEST(SecretLogs, ALeakInAStepsRawOutputFailsNamingStepStreamAndLine) {
  Evidence ev;
  ev.step("install");
  ev.step("login").output_leaks.push_back(
      {"stderr", 2, 7, "known-secret/cloudinary-url", "using cloudinary://1:[REDACTED]@d", "ab"});
  scan(ev, "logs", nlohmann::json::array(), nlohmann::json::array(), {"{host_root}/logs"});
  auto r = ev.run(&check_secret_logs);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("login#2 stderr:2:7 known-secret/cloudinary-url"));
  EXPECT_EQ(r.evidence[0].kind, "step");
}

TEST(SecretLogs, ALeakInALogFileFailsAndCleanOutputsPass) {
  Evidence ev;
  ev.step("login");
  scan(ev, "logs", {"{host_root}/logs"},
       {finding("{host_root}/logs/plugin.log", 1, 40, "known-secret/cloudinary-url")});
  auto r = ev.run(&check_secret_logs);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("{host_root}/logs/plugin.log:1:40"));
  EXPECT_THAT(r.hint, HasSubstr("never log CLOUDINARY_URL"));
  Evidence clean;
  clean.step("login");
  auto ok = clean.run(&check_secret_logs);
  EXPECT_EQ(ok.verdict, Verdict::kPass);
  EXPECT_THAT(ok.message, HasSubstr("the output of 1 step(s)"));
}

TEST(SecretLogs, NoLogsAndNoIntegrationStepSkips) {
  Evidence ev;
  ev.step("cldcert.read_docs");
  EXPECT_EQ(ev.run(&check_secret_logs).verdict, Verdict::kSkip);
}

TEST(SecretSource, AScanThatCouldNotReadPartOfTheTreeIsAnErrorNotAPass) {
  Evidence ev;
  scan(ev, "source", {"src"}, nlohmann::json::array(), nlohmann::json::array(), {"src/pipe: a FIFO, not read"});
  auto r = ev.run(&check_secret_source);
  EXPECT_EQ(r.verdict, Verdict::kError);
  EXPECT_THAT(r.message, HasSubstr("incomplete; could not be read, so not scanned: src/pipe: a FIFO, not read"));
}

TEST(SecretArtifact, ALeakStillFailsWhenPartWasNotRead) {
  Evidence ev;
  scan(ev, "artifacts", {"dist"}, {finding("dist/a.js", 1, 1, "known-secret/plain")}, nlohmann::json::array(),
       {"dist/big.tgz: archive holds more than 8192 MiB once decompressed (an archive bomb?); the rest not scanned"});
  auto r = ev.run(&check_secret_artifact);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("could not be read, so not scanned: dist/big.tgz"));
}

TEST(SecretClientSide, PassesWhenTheSecretIsNowhere) {
  Browse b;
  b.page["responses"].push_back(
      {{"url", "https://media-library.cloudinary.com/global/all.js"}, {"body", "var a = 1;"}});
  auto r = b.run(&check_secret_client_side);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST(SecretClientSide, FindsTheSecretInEveryPlaceAndEncoding) {
  Browse b;
  b.page["responses"].push_back({{"url", "file:///work/app.js"}, {"body", std::string("var s = '") + kSecret + "';"}});
  b.page["local_storage"] = {{"cfg", std::string("{\"secret\":\"") + kSecret + "\"}"}};
  b.call("upload_widget", "createUploadWidget", json::array({{{"apiSecret", kSecret}}}));
  // base64 of the secret in the DOM
  b.page["dom"] = "<div data-x=\"RmFrZVNlY3JldEZvclRlc3RzMDEyMzQ1Njc4OQ==\"></div>";
  auto r = b.run(&check_secret_client_side);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("4 of"));
  EXPECT_THAT(r.message, HasSubstr("the DOM after scripts ran"));
  EXPECT_EQ(r.evidence.size(), 4u);
  std::string all;
  for (const auto& e : r.evidence) all += e.detail + "\n";
  EXPECT_THAT(all, HasSubstr("the response file:///work/app.js"));
  EXPECT_THAT(all, HasSubstr("localStorage of"));
  EXPECT_THAT(all, HasSubstr("the widget options of"));
  EXPECT_THAT(all, ::testing::Not(HasSubstr(kSecret)));
}

// The runner judges the browse output as the bundle keeps it, each secret already replaced.
TEST(SecretClientSide, TheRedactionMarkerIsTheLeak) {
  Browse b;
  b.page["html"] = "<html>\n<script>var s = '[REDACTED]';</script>\n</html>";
  auto r = b.run(&check_secret_client_side);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("in the HTML of"));
  EXPECT_THAT(r.message, HasSubstr("at line 2 (shown as [REDACTED] in the evidence)"));
}

TEST(SecretClientSide, SkipsWithoutABrowseStep) {
  Evidence ev;
  ev.step("upload");
  EXPECT_EQ(ev.run(&check_secret_client_side).verdict, Verdict::kSkip);
}

}  // namespace
}  // namespace cldcert
