#include "mocks/byte_range.h"

#include <gtest/gtest.h>

namespace cldcert::mock {
namespace {

using Kind = RangeAsked::Kind;

TEST(ByteRange, ReadsTheThreeFormsOfOneRange) {
  auto closed = read_range("bytes=0-9", 100);
  ASSERT_EQ(closed.kind, Kind::kPartial);
  EXPECT_EQ(closed.range, (ByteRange{0, 9}));
  EXPECT_EQ(closed.range.length(), 10u);
  auto open = read_range("bytes=90-", 100);
  ASSERT_EQ(open.kind, Kind::kPartial);
  EXPECT_EQ(open.range, (ByteRange{90, 99}));
  auto suffix = read_range("bytes=-5", 100);
  ASSERT_EQ(suffix.kind, Kind::kPartial);
  EXPECT_EQ(suffix.range, (ByteRange{95, 99}));
  // The unit is case-insensitive, and optional whitespace surrounds the value.
  EXPECT_EQ(read_range(" Bytes=1-1 ", 100).range, (ByteRange{1, 1}));
}

TEST(ByteRange, ClipsToTheBody) {
  EXPECT_EQ(read_range("bytes=50-5000", 100).range, (ByteRange{50, 99}));
  // A suffix longer than the body is the whole body, as a 206.
  auto suffix = read_range("bytes=-500", 100);
  ASSERT_EQ(suffix.kind, Kind::kPartial);
  EXPECT_EQ(suffix.range, (ByteRange{0, 99}));
}

TEST(ByteRange, StartingAtOrPastTheEndIsUnsatisfiable) {
  EXPECT_EQ(read_range("bytes=100-", 100).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(read_range("bytes=100-200", 100).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(read_range("bytes=-0", 100).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(read_range("bytes=0-", 0).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(read_range("bytes=-3", 0).kind, Kind::kUnsatisfiable);
}

TEST(ByteRange, SeveralOrMalformedRangesAskForTheWholeBody) {
  for (const char* header : {"", "bytes=", "bytes=0-1,5-6", "bytes=0-1,", "items=0-1", "bytes=5-2", "bytes=-",
                             "bytes=a-b", "bytes=1-x", "bytes=+1-2", "bytes=99999999999999999999-"}) {
    EXPECT_EQ(read_range(header, 100).kind, Kind::kWhole) << header;
  }
}

TEST(ByteRange, NamesTheBytesOfAnAnswer) {
  EXPECT_EQ(content_range({0, 1048575}, 115343360), "bytes 0-1048575/115343360");
  EXPECT_EQ(unsatisfied_content_range(100), "bytes */100");
}

}  // namespace
}  // namespace cldcert::mock
