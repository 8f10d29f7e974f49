#include "mocks/text.h"

#include <gtest/gtest.h>

#include <vector>

namespace cldcert::text {
namespace {

TEST(Text, LowerFoldsAsciiOnlyAndLeavesUtf8Alone) {
  EXPECT_EQ(lower("Content-TYPE: X"), "content-type: x");
  EXPECT_EQ(lower("\xC3\x89t\xC3\xA9"), "\xC3\x89t\xC3\xA9");  // "Été": no locale folding of UTF-8 bytes
  EXPECT_EQ(upper('z'), 'Z');
  EXPECT_EQ(upper('['), '[');
}

TEST(Text, IequalsComparesWholeStringsCaseInsensitively) {
  EXPECT_TRUE(iequals("Content-Disposition", "content-disposition"));
  EXPECT_FALSE(iequals("Content", "Content-Type"));
  EXPECT_FALSE(iequals("a[", "A{"));  // '[' and '{' differ by the case bit but are not letters
  EXPECT_TRUE(iequals("", ""));
}

TEST(Text, TrimRemovesOnlyTheGivenCharactersAtEitherEnd) {
  EXPECT_EQ(trim(" \t a b \r\n"), "a b");
  EXPECT_EQ(trim(" \t\r\n "), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" value\r", kSpaceAndTab), "value\r");
  EXPECT_EQ(trim("x"), "x");
}

TEST(Text, JoinPutsTheSeparatorOnlyBetweenItems) {
  const std::vector<std::string> items = {"a", "", "c"};
  EXPECT_EQ(join(std::vector<std::string>{}, ", "), "");
  EXPECT_EQ(join(std::span(items).first(1), ", "), "a");
  EXPECT_EQ(join(items, "/"), "a//c");  // empty items keep their place
  EXPECT_EQ(join(std::span(items).subspan(1), "/"), "/c");
}

TEST(Text, HexValueAcceptsBothCasesAndRefusesTheRest) {
  EXPECT_EQ(hex_value('0'), 0);
  EXPECT_EQ(hex_value('f'), 15);
  EXPECT_EQ(hex_value('F'), 15);
  EXPECT_EQ(hex_value('g'), -1);
  EXPECT_EQ(hex_value('/'), -1);
  EXPECT_EQ(hex_value(':'), -1);
}

TEST(Text, HexDigitsPadsAndKeepsTheLowDigits) {
  EXPECT_EQ(hex_digits(255, 4), "00ff");
  EXPECT_EQ(hex_digits(0x12345, 4), "2345");
  EXPECT_EQ(hex_digits(0, 1), "0");
}

TEST(Text, MebibytesWithOneDecimal) {
  EXPECT_EQ(mebibytes(0), "0.0 MiB");
  EXPECT_EQ(mebibytes(512ull << 20), "512.0 MiB");
  EXPECT_EQ(mebibytes(1181116006ull), "1126.4 MiB");
}

}  // namespace
}  // namespace cldcert::text
