// The scanner against hostile input: archive bombs, huge nested members, sparse files, FIFOs.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "harness/scan/scan_test_support.h"
#include "harness/scan/scanner.h"
#include "harness/scan/stream_scanner.h"

namespace cldcert::scan {
namespace {

using testing::fake_secret;
using testing::TempDir;

const std::string kSecret = fake_secret(31);

// Line and column of `offset` in `text`, counted here independently of the scanner.
std::pair<std::size_t, std::size_t> line_column(const std::string& text, std::size_t offset) {
  std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
  std::size_t last_nl = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  std::size_t column = last_nl == std::string::npos || offset == 0 ? offset + 1 : offset - last_nl;
  return {line, column};
}

// Peak resident memory (KiB) a scan of `path` adds, measured in a child process so this test
// binary's own history does not count.
long scan_peak_rss_growth_kib(const std::filesystem::path& path) {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    rusage before{};
    ::getrusage(RUSAGE_SELF, &before);  // right after fork: the RSS the child started with
    ScanRequest request{.paths = {path}, .secrets = {kSecret}};
    ScanReport report = scan(request);
    rusage after{};
    ::getrusage(RUSAGE_SELF, &after);
    long growth = report.unread.empty() ? after.ru_maxrss - before.ru_maxrss : -2;
    ssize_t ignored = ::write(fds[1], &growth, sizeof growth);
    (void)ignored;
    ::_exit(0);
  }
  ::close(fds[1]);
  long growth = -1;
  if (::read(fds[0], &growth, sizeof growth) != sizeof growth) growth = -1;
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return growth;
}

TEST(ScanLimits, ANestedArchiveOfHundredsOfMegabytesIsStreamedNotHeldInMemory) {
  TempDir dir;
  // 200 MB of zeros compress to ~200 KB, and the outer tar.gz holding that to ~1 KB.
  dir.run(
      "mkdir inner outer && head -c 200000000 /dev/zero > inner/zeros.bin && tar czf outer/inner.tar.gz inner && "
      "tar czf bomb.tgz outer && rm -r inner outer");
  long growth_kib = scan_peak_rss_growth_kib(dir.path() / "bomb.tgz");
  ASSERT_GE(growth_kib, 0) << "the scan reported unread parts (-2) or the child failed (-1)";
  RecordProperty("peak_rss_growth_kib", static_cast<int>(growth_kib));
  EXPECT_LT(growth_kib, 100 * 1024) << "peak RSS grew by " << growth_kib / 1024 << " MiB";
}

TEST(ScanLimits, ASecretDeepInANestedMemberLargerThanABlockIsFoundEvenAcrossABlockBoundary) {
  TempDir dir;
  std::string text;
  for (std::size_t i = 0; text.size() < 3 * kStreamBlockBytes; ++i)
    text += "line " + std::to_string(i) + " of filler text\n";
  const std::size_t across = kStreamBlockBytes - 10;  // starts in block 1, ends in block 2
  const std::size_t deep = text.size() - 1000;        // in the last block
  text.replace(across, kSecret.size(), kSecret);
  text.replace(deep, kSecret.size(), kSecret);
  dir.write("inner/big.txt", text);
  // The inner tar is larger than a block too: it is read as a stream from inside the outer one.
  dir.run("mkdir outer && tar cf outer/inner.tar inner && tar czf bundle.tgz outer && rm -r inner outer");
  ScanRequest request{.paths = {dir.path()}, .secrets = {kSecret}, .patterns = false};
  auto r = scan(request);
  EXPECT_TRUE(r.unread.empty());
  ASSERT_EQ(r.findings.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    auto [line, column] = line_column(text, i == 0 ? across : deep);
    EXPECT_EQ(r.findings[i].file, "bundle.tgz!/outer/inner.tar!/inner/big.txt");
    EXPECT_EQ(r.findings[i].rule, "known-secret/plain");
    EXPECT_EQ(r.findings[i].line, line) << i;
    EXPECT_EQ(r.findings[i].column, column) << i;
  }
}

TEST(ScanLimits, AnArchiveBeyondTheDecompressedLimitIsReportedUnreadNotPassed) {
  TempDir dir;
  dir.write("inner/a.txt", std::string(3 << 20, 'x') + "\n" + kSecret + "\n");
  dir.run("tar czf a.tgz inner && rm -r inner");
  ScanRequest request{.paths = {dir.path()}, .secrets = {kSecret}, .max_archive_bytes = 1 << 20};
  auto r = scan(request);
  EXPECT_TRUE(r.findings.empty());
  ASSERT_EQ(r.unread.size(), 1u);
  EXPECT_EQ(r.unread[0].file, "a.tgz");
  EXPECT_NE(r.unread[0].reason.find("the rest not scanned"), std::string::npos) << r.unread[0].reason;
}

TEST(ScanLimits, ASparseFileIsReadOnlyWhereItHoldsData) {
  TempDir dir;
  const auto path = dir.path() / "sparse.img";
  const off_t size = off_t{64} << 30;
  const off_t at = off_t{40} << 30;
  int fd = ::open(path.c_str(), O_CREAT | O_WRONLY, 0600);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, size), 0);
  const std::string head = "header\nsecond ";
  ASSERT_EQ(::pwrite(fd, head.data(), head.size(), 0), static_cast<ssize_t>(head.size()));
  const std::string leak = "\napi: " + kSecret + "\n";
  ASSERT_EQ(::pwrite(fd, leak.data(), leak.size(), at), static_cast<ssize_t>(leak.size()));
  ::close(fd);
  ScanRequest request{.paths = {path}, .secrets = {kSecret}, .patterns = false};
  auto r = scan(request);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].line, 3u);  // two newlines before it, none in the hole
  EXPECT_EQ(r.findings[0].column, 6u);
  EXPECT_LT(r.scanned.bytes, std::uint64_t{1} << 30) << "the holes were read";
}

TEST(ScanLimits, AFifoInTheTreeIsReportedUnreadAndDoesNotHang) {
  TempDir dir;
  dir.write("a.txt", kSecret + "\n");
  ASSERT_EQ(::mkfifo((dir.path() / "pipe").c_str(), 0600), 0);
  ScanRequest request{.paths = {dir.path()}, .secrets = {kSecret}};
  auto r = scan(request);
  EXPECT_EQ(r.findings.size(), 1u);
  ASSERT_EQ(r.unread.size(), 1u);
  EXPECT_EQ(r.unread[0].file, "pipe");
  EXPECT_EQ(r.unread[0].reason, "a FIFO, not read");
}

TEST(ScanLimits, AFifoAsPathIsUnsupportedAndNothingIsScanned) {
  TempDir dir;
  dir.write("a.txt", kSecret + "\n");
  ASSERT_EQ(::mkfifo((dir.path() / "pipe").c_str(), 0600), 0);
  ScanRequest request{.paths = {dir.path() / "a.txt", dir.path() / "pipe"}, .secrets = {kSecret}};
  auto r = scan(request);
  ASSERT_EQ(r.unsupported.size(), 1u);
  EXPECT_EQ(r.unsupported[0].file, (dir.path() / "pipe").string());
  EXPECT_EQ(r.unsupported[0].reason, "a FIFO");
  EXPECT_TRUE(r.findings.empty());
}

}  // namespace
}  // namespace cldcert::scan
