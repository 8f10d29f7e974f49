#include "mocks/base64.h"

#include <gtest/gtest.h>

namespace cldcert::mock {

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  for (const char* plain : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    EXPECT_EQ(base64_decode(base64_encode(plain)), plain);
  }
}

TEST(Base64, UsesPlusAndSlashAndHandlesHighBytes) {
  EXPECT_EQ(base64_encode(std::string("\xfb\xff\xbf", 3)), "+/+/");
  EXPECT_EQ(base64_decode("+/+/"), std::string("\xfb\xff\xbf", 3));
  const std::string all = [] {
    std::string s;
    for (int i = 0; i < 256; ++i) s.push_back(static_cast<char>(i));
    return s;
  }();
  EXPECT_EQ(base64_decode(base64_encode(all)), all);
}

TEST(Base64, DecodeToleratesMissingPadding) {
  EXPECT_EQ(base64_decode("Zg"), "f");
  EXPECT_EQ(base64_decode("Zm8"), "fo");
  EXPECT_EQ(base64_decode("Zm9vYg"), "foob");
}

TEST(Base64, DecodeRejectsMalformedInput) {
  EXPECT_EQ(base64_decode("Zm9v!"), std::nullopt);  // outside the alphabet
  EXPECT_EQ(base64_decode("Zm9-"), std::nullopt);   // URL-safe alphabet is not standard
  EXPECT_EQ(base64_decode("Zm 9v"), std::nullopt);  // no whitespace skipping
  EXPECT_EQ(base64_decode("Zm9vY"), std::nullopt);  // one leftover character
  EXPECT_EQ(base64_decode("Zg="), std::nullopt);    // padding that does not complete a quantum
  EXPECT_EQ(base64_decode("Zm9v="), std::nullopt);
  EXPECT_EQ(base64_decode("Z==="), std::nullopt);
  EXPECT_EQ(base64_decode("===="), std::nullopt);
  EXPECT_EQ(base64_decode("Zg==Zg=="), std::nullopt);  // padding in the middle
}

}  // namespace cldcert::mock
