#include "harness/scan/scanner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "harness/scan/scan_test_support.h"
#include "mocks/base64.h"

namespace cldcert::scan {
namespace {

using testing::fake_key;
using testing::fake_secret;
using testing::kGit;
using testing::TempDir;

const std::string kSecret = fake_secret(11);

ScanReport scan_dir(const TempDir& dir, std::vector<std::string> secrets = {kSecret}, bool history = true) {
  ScanRequest request;
  request.paths = {dir.path()};
  request.secrets = std::move(secrets);
  request.history = history;
  return scan(request);
}

std::vector<std::string> files(const ScanReport& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.file);
  return out;
}

TEST(ScanTree, WalksRecursivelyIgnoringGitignoreAndSkippingTheGitFolder) {
  TempDir dir;
  dir.write(".gitignore", "dist/\n.env\n");
  dir.write(".env", "CLOUDINARY_API_SECRET=" + kSecret + "\n");
  dir.write("dist/deep/er/bundle.min.js", "var a=1;var s=\"" + kSecret + "\";");
  dir.write("src/clean.js", "module.exports = {};\n");
  dir.write(".git/config", kSecret);  // not a repository's tree: never scanned as files
  auto r = scan_dir(dir, {kSecret}, false);
  EXPECT_EQ(files(r), (std::vector<std::string>{".env", "dist/deep/er/bundle.min.js"}));
  EXPECT_EQ(r.findings[1].line, 1u);
  EXPECT_EQ(r.findings[1].column, 16u);
  EXPECT_EQ(r.scanned.files, 4u);
}

TEST(ScanTree, AFilePathIsNamedByItself) {
  TempDir dir;
  auto file = dir.write("config/app.yml", "cloudinary:\n  api_secret: " + kSecret + "\n");
  ScanRequest request{.paths = {file}};
  auto r = scan(request);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].file, "app.yml");
  EXPECT_EQ(r.findings[0].rule, "secret-assignment");
  EXPECT_EQ(r.findings[0].line, 2u);
}

TEST(ScanTree, MissingPathsAreReportedAndNothingIsScanned) {
  TempDir dir;
  dir.write("a.txt", kSecret);
  ScanRequest request{.paths = {dir.path(), dir.path() / "nope"}, .secrets = {kSecret}};
  auto r = scan(request);
  EXPECT_EQ(r.missing, std::vector<std::string>{(dir.path() / "nope").string()});
  EXPECT_TRUE(r.findings.empty());
}

TEST(ScanTree, UnreadableFilesAreListedUnreadAndTheScanGoesOn) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  TempDir dir;
  auto locked = dir.write("a.txt", kSecret);
  dir.write("b.txt", kSecret);
  std::filesystem::permissions(locked, std::filesystem::perms::none);
  auto r = scan_dir(dir);
  EXPECT_EQ(files(r), std::vector<std::string>{"b.txt"});
  ASSERT_EQ(r.unread.size(), 1u);
  EXPECT_EQ(r.unread[0].file, "a.txt");
}

TEST(ScanTree, AllowListHidesOnlyThatSecret) {
  TempDir dir;
  const std::string other = fake_secret(12);
  dir.write("a.txt", kSecret + " " + other + "\n");
  ScanRequest request{
      .paths = {dir.path()}, .secrets = {kSecret, other}, .allowed_fingerprints = {secret_fingerprint(kSecret)}};
  auto r = scan(request);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].fingerprint, secret_fingerprint(other));
  EXPECT_EQ(r.allowed, 1u);
}

// ---- archives (built with the python3 and tar command-line tools, not with our reader)

TEST(ScanArchives, ZipTarGzAndAZipNestedInATarGz) {
  TempDir dir;
  dir.write("stage/lib/config.php", "<?php $secret = '" + kSecret + "';\n");
  dir.write("stage/readme.txt", "nothing\n");
  dir.run("mkdir dist && cd stage && python3 -m zipfile -c ../dist/plugin.zip lib readme.txt");
  dir.run("cd stage && tar czf ../dist/plugin.tar.gz lib readme.txt");
  dir.run("mkdir nest && cp dist/plugin.zip nest/ && tar czf dist/outer.tgz nest && rm -r nest stage");
  auto r = scan_dir(dir);
  EXPECT_EQ(files(r),
            (std::vector<std::string>{"dist/outer.tgz!/nest/plugin.zip!/lib/config.php",
                                      "dist/plugin.tar.gz!/lib/config.php", "dist/plugin.zip!/lib/config.php"}));
  for (const auto& f : r.findings) {
    EXPECT_EQ(f.line, 1u);
    EXPECT_EQ(f.column, 18u);
  }
}

TEST(ScanArchives, ABrokenArchiveIsAWarningNamingItAndItsBytesAreStillScanned) {
  TempDir dir;
  dir.write("stage/a.txt", kSecret);
  dir.run("cd stage && python3 -m zipfile -c ../good.zip a.txt");
  std::string zip;
  {
    std::ifstream in(dir.path() / "good.zip", std::ios::binary);
    zip.assign(std::istreambuf_iterator<char>(in), {});
  }
  dir.write("broken.zip", zip.substr(0, 30) + std::string(20, '\xff'));  // header, then garbage
  dir.write("other.txt", kSecret);
  std::filesystem::remove_all(dir.path() / "stage");
  std::filesystem::remove(dir.path() / "good.zip");
  auto r = scan_dir(dir);
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings[0].find("broken.zip"), std::string::npos) << r.warnings[0];
  EXPECT_EQ(files(r).back(), "other.txt");
}

TEST(ScanArchives, OffScansArchivesAsBytes) {
  TempDir dir;
  dir.write("stage/a.txt", kSecret);
  dir.run("cd stage && tar cf ../a.tar a.txt && cd .. && rm -r stage");
  ScanRequest request{.paths = {dir.path()}, .secrets = {kSecret}, .archives = false};
  EXPECT_EQ(files(scan(request)), std::vector<std::string>{"a.tar"});
}

// ---- git history

std::string git_out(const TempDir& dir, const std::string& args) {
  std::string command = "cd '" + dir.path().string() + "' && git " + args;
  FILE* p = ::popen(command.c_str(), "r");
  std::string out;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, p)) out += buffer;
  ::pclose(p);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST(ScanHistory, ASecretCommittedThenRemovedIsFoundWithItsCommit) {
  TempDir dir;
  dir.run(std::string(kGit) + " init -q .");
  dir.write("config/cloudinary.js", "module.exports = { api_secret: '" + kSecret + "' };\n");
  dir.run(std::string(kGit) + " add -A && " + kGit + " commit -qm 'add config'");
  const std::string leak_commit = git_out(dir, "rev-parse HEAD");
  dir.write("config/cloudinary.js", "module.exports = { api_secret: process.env.CLOUDINARY_API_SECRET };\n");
  dir.run(std::string(kGit) + " commit -qam 'read the secret from the environment'");

  auto r = scan_dir(dir, {});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].file, "config/cloudinary.js");
  EXPECT_EQ(r.findings[0].commit, leak_commit);
  EXPECT_EQ(r.findings[0].rule, "secret-assignment");
  EXPECT_EQ(r.findings[0].line, 1u);

  EXPECT_TRUE(scan_dir(dir, {}, false).findings.empty());
}

TEST(ScanHistory, ALeakStillInTheWorkingTreeIsOneFindingWithItsCommit) {
  TempDir dir;
  dir.run(std::string(kGit) + " init -q .");
  dir.write("a.txt", "x\n" + kSecret + "\n");
  dir.run(std::string(kGit) + " add -A && " + kGit + " commit -qm one");
  auto r = scan_dir(dir);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].commit, git_out(dir, "rev-parse HEAD"));
  EXPECT_EQ(r.findings[0].line, 2u);
}

TEST(ScanHistory, ARepositoryWithoutCommitsScansTheTreeAndSaysSo) {
  TempDir dir;
  dir.run(std::string(kGit) + " init -q .");
  dir.write("a.txt", kSecret);
  auto r = scan_dir(dir);
  EXPECT_EQ(files(r), std::vector<std::string>{"a.txt"});
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("no history"), std::string::npos);
}

TEST(ScanHistory, AVendoredCloneInsideTheTreeHasItsHistoryRead) {
  TempDir dir;
  dir.write("app.js", "require('./vendor/lib');\n");
  dir.run("mkdir -p vendor/lib && cd vendor/lib && " + std::string(kGit) + " init -q .");
  dir.write("vendor/lib/config.js", "module.exports = { api_secret: '" + kSecret + "' };\n");
  dir.run(std::string("cd vendor/lib && ") + kGit + " add -A && " + kGit + " commit -qm 'add config'");
  const std::string leak_commit = git_out(dir, "-C vendor/lib rev-parse HEAD");
  dir.write("vendor/lib/config.js", "module.exports = {};\n");
  dir.run(std::string("cd vendor/lib && ") + kGit + " commit -qam 'no secret'");

  auto r = scan_dir(dir);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].file, "vendor/lib/config.js");
  EXPECT_EQ(r.findings[0].commit, leak_commit);
  EXPECT_TRUE(scan_dir(dir, {kSecret}, false).findings.empty());
}

TEST(ScanHistory, ASubmoduleHasItsHistoryReadThroughItsGitFile) {
  TempDir dir;
  dir.run("mkdir lib && cd lib && " + std::string(kGit) + " init -q .");
  dir.write("lib/token.txt", kSecret + "\n");
  dir.run(std::string("cd lib && ") + kGit + " add -A && " + kGit + " commit -qm one && " + kGit +
          " rm -q token.txt && " + kGit + " commit -qm two");
  dir.run("mkdir app && cd app && " + std::string(kGit) + " init -q . && " + kGit +
          " -c protocol.file.allow=always submodule add -q ../lib vendor/lib && " + kGit + " commit -qm sub");
  ASSERT_TRUE(std::filesystem::is_regular_file(dir.path() / "app/vendor/lib/.git"));

  ScanRequest request{.paths = {dir.path() / "app"}, .secrets = {kSecret}};
  auto r = scan(request);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].file, "vendor/lib/token.txt");
  EXPECT_EQ(r.findings[0].commit, git_out(dir, "-C lib rev-parse HEAD~1"));
}

TEST(ScanHistory, CommitMessagesAuthorLinesAndTagMessagesAreRead) {
  TempDir dir;
  dir.run(std::string(kGit) + " init -q .");
  dir.write("a.txt", "nothing\n");
  dir.run(std::string(kGit) + " add -A && " + kGit + " commit -qm 'add a' -m 'deploy with " + kSecret + "'");
  const std::string message_commit = git_out(dir, "rev-parse HEAD");
  dir.write("a.txt", "still nothing\n");
  dir.run("git -c user.name='ci " + kSecret +
          "' -c user.email=ci@cldcert.invalid -c commit.gpgsign=false commit -qam b");
  const std::string author_commit = git_out(dir, "rev-parse HEAD");
  dir.run(std::string(kGit) + " tag -a v1 -m 'release, secret " + kSecret + "'");
  const std::string tag = git_out(dir, "rev-parse v1");

  auto r = scan_dir(dir);
  std::vector<std::string> commits;
  for (const auto& f : r.findings) {
    EXPECT_EQ(f.file, ".git");
    EXPECT_EQ(f.rule, "known-secret/plain");
    EXPECT_EQ(f.excerpt.find(kSecret), std::string::npos);
    commits.push_back(f.commit);
  }
  std::sort(commits.begin(), commits.end());
  std::vector<std::string> expected = {message_commit, author_commit, author_commit, tag};  // author and committer
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(commits, expected);
  // Lines count as `git cat-file -p` shows the object: tree, author, committer, blank, subject, blank, body.
  auto message =
      std::find_if(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.commit == message_commit; });
  EXPECT_EQ(message->line, 7u);
  EXPECT_EQ(message->excerpt, "deploy with [REDACTED]");
  EXPECT_TRUE(scan_dir(dir, {kSecret}, false).findings.empty());
}

TEST(ScanText, FindsLeaksInAStepLog) {
  auto f = scan_text("logs/install.log", "uploading with " + mock::base64_encode("k:" + kSecret) + "\n", {kSecret});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].file, "logs/install.log");
  EXPECT_EQ(f[0].rule, "known-secret/base64");
}

}  // namespace
}  // namespace cldcert::scan
