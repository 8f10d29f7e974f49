#include "mocks/utf8.h"

#include <gtest/gtest.h>

namespace cldcert::mock {
namespace {

TEST(Utf8, DecodesOneSequenceAndRefusesMalformedOnes) {
  char32_t cp = 0;
  EXPECT_EQ(utf8_sequence("\xC3\xA9", 0, &cp), 2u);
  EXPECT_EQ(cp, U'\u00E9');
  EXPECT_EQ(utf8_sequence("\xF0\x9F\x98\x80", 0, &cp), 4u);
  EXPECT_EQ(cp, U'\U0001F600');
  EXPECT_EQ(utf8_sequence("\xC0\xAF", 0, &cp), 0u);      // overlong '/'
  EXPECT_EQ(utf8_sequence("\xED\xA0\x80", 0, &cp), 0u);  // a surrogate
  EXPECT_EQ(utf8_sequence("\xE2\x82", 0, &cp), 0u);      // cut short
}

TEST(Utf8, RepairsEachStrayByte) {
  EXPECT_TRUE(is_valid_utf8("plain \xC3\xA9"));
  EXPECT_FALSE(
      is_valid_utf8("a\xFF"
                    "b"));
  EXPECT_EQ(valid_utf8("a\xFF\xFE"
                       "b\xC3\xA9"),
            "a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b\xC3\xA9");
}

}  // namespace
}  // namespace cldcert::mock
