#include "harness/scan/scan_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "harness/exit_codes.h"
#include "harness/scan/scan_test_support.h"

namespace cldcert {
namespace {

using scan::testing::fake_secret;
using scan::testing::TempDir;

const std::string kSecret = fake_secret(41);

nlohmann::json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

ScanOptions options(const TempDir& dir, std::vector<std::string> paths) {
  ScanOptions o;
  o.paths = std::move(paths);
  o.secrets = {kSecret};
  o.ignore_env = true;
  o.json_file = (dir.path() / "out.json").string();
  o.sarif_file = (dir.path() / "out.sarif").string();
  return o;
}

TEST(ScanCommand, AFifoGivenAsPathIsBadInput) {
  TempDir dir;
  ASSERT_EQ(::mkfifo((dir.path() / "pipe").c_str(), 0600), 0);
  EXPECT_EQ(run_scan(options(dir, {(dir.path() / "pipe").string()})), kExitBadInput);
}

TEST(ScanCommand, ATreeNotFullyReadNeverExitsCleanAndSaysSoInJsonAndSarif) {
  TempDir dir;
  dir.write("tree/a.txt", "nothing here\n");
  ASSERT_EQ(::mkfifo((dir.path() / "tree" / "pipe").c_str(), 0600), 0);
  EXPECT_EQ(run_scan(options(dir, {(dir.path() / "tree").string()})), kExitBadInput);
  EXPECT_EQ(read_json(dir.path() / "out.json"),
            nlohmann::json::parse(R"([{"file": "pipe", "rule": "not-read", "reason": "a FIFO, not read"}])"));
  auto invocation = read_json(dir.path() / "out.sarif")["runs"][0]["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], false);
  ASSERT_EQ(invocation["toolExecutionNotifications"].size(), 1u);
  EXPECT_EQ(invocation["toolExecutionNotifications"][0]["level"], "error");
  EXPECT_EQ(invocation["toolExecutionNotifications"][0]["message"]["text"], "not scanned: pipe: a FIFO, not read");

  // Findings do not hide it: the scan is still incomplete.
  dir.write("tree/b.txt", kSecret + "\n");
  EXPECT_EQ(run_scan(options(dir, {(dir.path() / "tree").string()})), kExitBadInput);
}

TEST(ScanCommand, ACompleteScanIsASuccessfulSarifInvocation) {
  TempDir dir;
  dir.write("tree/a.txt", "nothing here\n");
  EXPECT_EQ(run_scan(options(dir, {(dir.path() / "tree").string()})), kExitOk);
  EXPECT_EQ(read_json(dir.path() / "out.sarif")["runs"][0]["invocations"][0]["executionSuccessful"], true);
}

TEST(ScanCommand, KnownSecretsFromASecretsFileAlongsideSecretOptions) {
  TempDir dir;
  const std::string other = scan::testing::fake_secret(42);
  dir.write("tree/a.txt", other + "\n");
  auto o = options(dir, {(dir.path() / "tree").string()});
  EXPECT_EQ(run_scan(o), kExitOk);
  o.secrets_file = dir.write("secrets.txt", other + "\n").string();
  EXPECT_EQ(run_scan(o), kExitFailed);
  dir.write("tree/b.txt", kSecret + "\n");  // --secret still counts
  EXPECT_EQ(run_scan(o), kExitFailed);
  EXPECT_EQ(read_json(dir.path() / "out.json").size(), 2u);
}

TEST(ScanCommand, AMissingOrEmptySecretsFileIsBadInput) {
  TempDir dir;
  dir.write("tree/a.txt", "nothing\n");
  auto o = options(dir, {(dir.path() / "tree").string()});
  o.secrets_file = (dir.path() / "nope.txt").string();
  EXPECT_EQ(run_scan(o), kExitBadInput);
  o.secrets_file = dir.write("empty.txt", "").string();
  EXPECT_EQ(run_scan(o), kExitBadInput);
  o.secrets_file = dir.write("short.txt", "abc\n").string();  // too short, like --secret abc
  EXPECT_EQ(run_scan(o), kExitBadInput);
}

}  // namespace
}  // namespace cldcert
