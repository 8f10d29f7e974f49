#include "harness/scan/escaped_text.h"

#include <gtest/gtest.h>

namespace cldcert::scan {
namespace {

struct Case {
  std::string_view text;
  std::size_t length;
  char32_t code_point;
};

// "\\607": 0607 is past a byte, so two digits.
TEST(EscapeAt, BackslashEscapesAndHtmlReferences) {
  for (const Case& c : std::initializer_list<Case>{{"\\u0041", 6, U'A'},
                                                   {"\\u00e9x", 6, U'\u00e9'},
                                                   {"\\uD83D\\uDE00", 12, U'\U0001F600'},
                                                   {"\\u{1F600}", 9, U'\U0001F600'},
                                                   {"\\x4a", 4, U'J'},
                                                   {"\\101", 4, U'A'},
                                                   {"\\60", 3, U'0'},
                                                   {"\\607", 3, U'0'},
                                                   {"\\0", 2, U'\0'},
                                                   {"\\/", 2, U'/'},
                                                   {"&#65;", 5, U'A'},
                                                   {"&#65 ", 4, U'A'},
                                                   {"&#x41;", 6, U'A'},
                                                   {"&#X6a;", 6, U'j'},
                                                   {"&amp;", 5, U'&'},
                                                   {"&lowbar;", 8, U'_'},
                                                   {"&nbsp;", 6, U'\u00a0'}}) {
    Escape e = escape_at(c.text, 0);
    EXPECT_EQ(e.length, c.length) << c.text;
    EXPECT_EQ(e.code_point, c.code_point) << c.text;
  }
  EXPECT_TRUE(escape_at("\\n", 0).short_form);
  EXPECT_FALSE(escape_at("\\x41", 0).short_form);
  EXPECT_TRUE(escape_at("\\x41", 0).byte);
  EXPECT_FALSE(escape_at("\\u0041", 0).byte);
}

TEST(EscapeAt, WhatIsNoEscape) {
  for (std::string_view text : {"\\u12", "\\uXYZW", "\\x4", "\\q", "\\", "&amp", "&foo;", "&#;", "&#x;", "&", "a"})
    EXPECT_EQ(escape_at(text, 0).length, 0u) << text;
}

using Span = std::pair<std::size_t, std::size_t>;

std::vector<DecodedWindow> windows(std::string_view text, std::size_t reach) {
  std::vector<DecodedWindow> out;
  for_each_decoded_window(text, reach, [&](const DecodedWindow& w) { out.push_back(w); });
  return out;
}

TEST(DecodedWindows, NoneWithoutEscapesOrWithOnlyOneLetterOnes) {
  EXPECT_TRUE(windows("plain text & more; a\\nb \\\"quoted\\\" \\/", 16).empty());
}

TEST(DecodedWindows, AWindowAroundEachEscapeMapsDecodedBytesBackToTheirSpelling) {
  const std::string text = std::string(100, '.') + "ab\\x43d&#x45;\\u00e9" + std::string(100, '.');
  auto w = windows(text, 10);
  ASSERT_EQ(w.size(), 1u);
  // From 10 bytes before the first escape to 10 after the last one's start.
  EXPECT_EQ(w[0].offset, 92u);
  EXPECT_EQ(w[0].text, std::string(8, '.') + "abCdE\xC3\xA9" + std::string(4, '.'));
  const std::size_t c = w[0].text.find('C');
  EXPECT_EQ(w[0].source_span(c, c + 1), Span(102, 106));
  const std::size_t e = w[0].text.find('E');
  EXPECT_EQ(w[0].source_span(c, e + 3), Span(102, 119));
}

TEST(DecodedWindows, FarApartEscapesGetTheirOwnWindows) {
  const std::string text = "\\x41" + std::string(1000, '.') + "&#66;";
  auto w = windows(text, 20);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].text.substr(0, 1), "A");
  EXPECT_EQ(w[1].text.substr(w[1].text.size() - 1), "B");
}

}  // namespace
}  // namespace cldcert::scan
