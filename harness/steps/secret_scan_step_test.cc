#include "harness/steps/secret_scan_step.h"

#include <gmock/gmock.h>
#include <sys/stat.h>
#include <gtest/gtest.h>

#include "harness/scan/scan_test_support.h"
#include "mocks/base64.h"
#include "mocks/mock_test_support.h"

namespace cldcert {
namespace {

using scan::testing::fake_key;
using scan::testing::fake_secret;
using scan::testing::kGit;
using scan::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The manifest lives in <tmp>/plugin; the scenario's workdir is <tmp>/work, its host root <tmp>/work/site.
class ScanSecretsStep : public mock::testing_support::MockFixture {
 protected:
  void SetUp() override {
    start_mock(3);
    manifest_.dir = tmp_.path() / "plugin";
    values_["workdir"] = (tmp_.path() / "work").string();
    values_["host_root"] = (tmp_.path() / "work" / "site").string();
    secrets_ = {secret_};
  }
  HarnessStepResult scan(const std::string& where) {
    HarnessStepContext context{
        *mock_, mock_->accounts().accounts[0].clouds[0], "", manifest_, values_, secrets_, steps_, nullptr};
    return run_harness_step("cldcert.scan_secrets", {{"where", where}}, context);
  }
  std::string url() const { return "cloudinary://" + key_ + ":" + secret_ + "@demo"; }

  TempDir tmp_;
  const std::string secret_ = fake_secret(11), key_ = fake_key(11);
  Manifest manifest_;
  PlaceholderValues values_;
  std::vector<std::string> secrets_;
  std::vector<StepRecord> steps_;
};

TEST_F(ScanSecretsStep, SourceFindsALeakByFileLineAndColumnRelativeToTheManifest) {
  tmp_.write("plugin/src/a.js", "const ok = 1;\nconst url = '" + url() + "';\n");
  tmp_.write("plugin/cli.js", "// clean\n");
  manifest_.scan_source = {"src", "cli.js"};
  auto r = scan("source");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.output["where"], "source");
  EXPECT_EQ(r.output["scanned"], nlohmann::json({"src", "cli.js"}));
  ASSERT_EQ(r.output["findings"].size(), 1u) << r.output.dump();
  const auto& f = r.output["findings"][0];
  EXPECT_EQ(f["file"], "src/a.js");
  EXPECT_EQ(f["line"], 2);
  EXPECT_EQ(f["column"], 43);  // the secret itself, after "cloudinary://KEY:"
  EXPECT_THAT(f["rule"].get<std::string>(), HasSubstr("known-secret"));
  EXPECT_THAT(f["excerpt"].get<std::string>(), HasSubstr("[REDACTED]"));
  EXPECT_EQ(r.output.dump().find(secret_), std::string::npos) << "the output never holds the secret";
}

TEST_F(ScanSecretsStep, HistoryFindsASecretRemovedByALaterCommitWithThatCommit) {
  tmp_.write("work/release/config.json", "{\"url\": \"" + url() + "\"}\n");
  tmp_.write("work/release/README.md", "# release\n");
  tmp_.run(std::string("cd work/release && ") + kGit + " init -q && " + kGit + " add -A && " + kGit +
           " commit -qm one && " + kGit + " rm -q config.json && " + kGit + " commit -qm two");
  manifest_.scan_history = {"{workdir}/release"};
  auto r = scan("history");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.output["scanned"], nlohmann::json({"{workdir}/release"}));
  ASSERT_EQ(r.output["findings"].size(), 1u) << r.output.dump();
  EXPECT_EQ(r.output["findings"][0]["file"], "{workdir}/release/config.json");
  EXPECT_EQ(r.output["findings"][0]["commit"].get<std::string>().size(), 40u);
}

TEST_F(ScanSecretsStep, HistoryReadsARepositoryNestedInTheDeclaredFolderAndItsCommitMessages) {
  tmp_.write("work/release/index.js", "// clean\n");
  tmp_.write("work/release/vendor/sdk/README.md", "# sdk\n");
  tmp_.run(std::string("cd work/release/vendor/sdk && ") + kGit + " init -q && " + kGit + " add -A && " + kGit +
           " commit -qm 'add sdk' -m 'tested with " + url() + "'");
  manifest_.scan_history = {"{workdir}/release"};
  auto r = scan("history");
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.output["findings"].size(), 1u) << r.output.dump();
  EXPECT_EQ(r.output["findings"][0]["file"], "{workdir}/release/vendor/sdk/.git");
  EXPECT_EQ(r.output["findings"][0]["rule"], "known-secret/cloudinary-url");
  EXPECT_EQ(r.output.dump().find(secret_), std::string::npos);
}

TEST_F(ScanSecretsStep, ArtifactsLookInsideATarGzAndFindBase64InABundle) {
  const std::string basic = mock::base64_encode(key_ + ":" + secret_);
  tmp_.write("stage/dist/app.min.js", "!function(){var e=\"" + basic + "\";}();\n");
  tmp_.write("stage/cli.js", "// clean\n");
  tmp_.run("mkdir -p work/dist && tar -czf work/dist/plugin.tgz -C stage .");
  manifest_.scan_artifacts = {"{workdir}/dist/*.tgz"};
  auto r = scan("artifacts");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.output["scanned"], nlohmann::json({"{workdir}/dist/plugin.tgz"}));
  ASSERT_EQ(r.output["findings"].size(), 1u) << r.output.dump();
  EXPECT_EQ(r.output["findings"][0]["file"], "{workdir}/dist/plugin.tgz!/./dist/app.min.js");
  EXPECT_EQ(r.output["findings"][0]["rule"], "known-secret/base64");
}

TEST_F(ScanSecretsStep, WhatCouldNotBeReadIsListedUnread) {
  tmp_.write("plugin/src/a.js", "// clean\n");
  ASSERT_EQ(::mkfifo((tmp_.path() / "plugin" / "src" / "pipe").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo((tmp_.path() / "plugin" / "fifo").c_str(), 0600), 0);
  manifest_.scan_source = {"src", "fifo"};
  auto r = scan("source");
  ASSERT_EQ(r.error, "");
  EXPECT_THAT(r.output["findings"], IsEmpty());
  EXPECT_EQ(r.output["unread"], nlohmann::json({"src/pipe: a FIFO, not read", "fifo: a FIFO, not read"}))
      << r.output.dump();
}

TEST_F(ScanSecretsStep, MissingLogsAreListedNotAnError) {
  manifest_.scan_logs = {"{host_root}/logs", "{workdir}/*.log"};
  auto r = scan("logs");
  ASSERT_EQ(r.error, "");
  EXPECT_THAT(r.output["scanned"], IsEmpty());
  EXPECT_EQ(r.output["missing"], nlohmann::json({"{host_root}/logs", "{workdir}/*.log"}));
}

TEST_F(ScanSecretsStep, BadWhereOrUnknownPlaceholderIsAnErrorNamingIt) {
  EXPECT_THAT(scan("everything").error, HasSubstr("where must be source, history, artifacts or logs"));
  manifest_.scan_logs = {"{nowhere}/logs"};
  EXPECT_THAT(scan("logs").error, HasSubstr("scan.logs[0] \"{nowhere}/logs\""));
}

TEST(OutputLeakScan, FindsTheSecretInRawOutputWithStreamLineAndRedactedExcerpt) {
  const std::string secret = fake_secret(12);
  OutputLeakScan scan({secret});
  scan.feed(OutputStream::kStdout, "{\"cloud\":\"demo\"}\n");
  const std::string line = "using cloudinary://" + fake_key(12) + ":" + secret + "@demo\n";
  scan.feed(OutputStream::kStderr, "starting\n" + line);
  auto leaks = scan.finish();
  ASSERT_EQ(leaks.size(), 1u);
  EXPECT_EQ(leaks[0].stream, "stderr");
  EXPECT_EQ(leaks[0].line, 2u);
  EXPECT_EQ(leaks[0].offset, std::string("starting\n").size() + line.find(secret));
  EXPECT_THAT(leaks[0].excerpt, HasSubstr("[REDACTED]"));
  EXPECT_EQ(leaks[0].excerpt.find(secret), std::string::npos);
}

// The runner keeps only the last max_output_bytes of a step's output; the scan must not.
TEST(OutputLeakScan, SeesASecretPrintedBeforeMoreOutputThanTheRunnerKeeps) {
  const std::string secret = fake_secret(13);
  OutputLeakScan scan({secret});
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "echo \"api_secret=$S\"; head -c 5500000 /dev/zero | tr '\\0' x; echo"};
  spec.env = {{"S", secret}};
  spec.on_output = [&scan](OutputStream stream, std::string_view piece) { scan.feed(stream, piece); };
  ProcessResult result = run_process(spec);
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  ASSERT_TRUE(result.stdout_truncated);
  ASSERT_EQ(result.stdout_text.find(secret), std::string::npos);  // gone from what the record keeps
  auto leaks = scan.finish();
  ASSERT_EQ(leaks.size(), 1u);
  EXPECT_EQ(leaks[0].stream, "stdout");
  EXPECT_EQ(leaks[0].line, 1u);
  EXPECT_EQ(leaks[0].offset, std::string("api_secret=").size());
  EXPECT_EQ(leaks[0].fingerprint, scan::secret_fingerprint(secret));
}

}  // namespace
}  // namespace cldcert
