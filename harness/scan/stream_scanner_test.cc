#include "harness/scan/stream_scanner.h"

#include <gtest/gtest.h>

#include "harness/scan/scan_test_support.h"

namespace cldcert::scan {
namespace {

using testing::fake_secret;

const std::string kSecret = fake_secret(21);

std::vector<Finding> scan_in_pieces(const std::string& text, std::size_t piece, std::size_t context = 64) {
  StreamScanner scanner("stdout", {kSecret}, context);
  for (std::size_t at = 0; at < text.size(); at += piece) scanner.feed(std::string_view(text).substr(at, piece));
  return scanner.finish();
}

TEST(StreamScanner, FindsASecretSplitAcrossTwoPiecesAtEverySplitPoint) {
  const std::string text = std::string(300, 'a') + "\nkey " + kSecret + " end\n" + std::string(300, 'b');
  const std::size_t at = text.find(kSecret);
  for (std::size_t cut = at; cut <= at + kSecret.size(); ++cut) {
    StreamScanner scanner("stdout", {kSecret}, 64);
    scanner.feed(std::string_view(text).substr(0, cut));
    scanner.feed(std::string_view(text).substr(cut));
    auto findings = scanner.finish();
    ASSERT_EQ(findings.size(), 1u) << "cut at " << cut;
    EXPECT_EQ(findings[0].offset, at);
    EXPECT_EQ(findings[0].line, 2u);
    EXPECT_EQ(findings[0].column, 5u);
  }
}

TEST(StreamScanner, FindsASecretFollowedByMegabytesOfOutputWithItsLineAndOffset) {
  const std::string head = "line one\nline two\n  secret: " + kSecret + "\n";
  std::string text = head;
  for (int i = 0; i < 80000; ++i) text += "progress 0123456789 0123456789 0123456789 0123456789 0123456789 01234\n";
  ASSERT_GT(text.size() - head.size(), 5u << 20);
  auto findings = scan_in_pieces(text, 65536, 8192);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].file, "stdout");
  EXPECT_EQ(findings[0].line, 3u);
  EXPECT_EQ(findings[0].offset, head.find(kSecret));
}

TEST(StreamScanner, CountsLinesAndColumnsFromTheStartOfTheStreamAndReportsEachLeakOnce) {
  // Small pieces and a small context: the buffer is cut many times, also in the middle of lines.
  std::string text;
  std::vector<std::size_t> offsets;
  for (int i = 0; i < 20; ++i) {
    text += std::string(static_cast<std::size_t>(37 * i % 200), '-') + "\n" + std::string(150, 'x') + " ";
    offsets.push_back(text.size());
    text += kSecret + "\n";
  }
  auto findings = scan_in_pieces(text, 7, 64);
  ASSERT_EQ(findings.size(), offsets.size());
  for (std::size_t i = 0; i < offsets.size(); ++i) {
    EXPECT_EQ(findings[i].offset, offsets[i]);
    EXPECT_EQ(findings[i].line, 2 * i + 2);
    EXPECT_EQ(findings[i].column, 152u);
    EXPECT_EQ(findings[i].excerpt.find(kSecret), std::string::npos);
  }
}

// A sparse file's holes are skipped, not fed: a leak after one keeps its place in the file, and a
// line interrupted by a hole keeps counting its columns across it.
TEST(StreamScanner, PlacesALeakAfterSkippedHolesByItsOffsetInTheWholeStream) {
  TextScanner text({kSecret});
  StreamScanner scanner("sparse.bin", text, 64);
  scanner.feed("first line\nsecond ");
  scanner.skip(1000);
  scanner.feed("after the hole " + kSecret + "\n");
  auto findings = scanner.finish();
  ASSERT_EQ(findings.size(), 1u);
  const std::size_t offset = std::string("first line\nsecond ").size() + 1000 + std::string("after the hole ").size();
  EXPECT_EQ(findings[0].offset, offset);
  EXPECT_EQ(findings[0].line, 2u);
  EXPECT_EQ(findings[0].column, offset - std::string("first line\n").size() + 1);
}

}  // namespace
}  // namespace cldcert::scan
