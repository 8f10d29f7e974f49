#include "mocks/percent_encode.h"

#include <gtest/gtest.h>

#include "mocks/http_types.h"

namespace cldcert::mock {
namespace {

TEST(PercentEncode, KeepsUnreservedAndEncodesTheRestUpperCase) {
  EXPECT_EQ(percent_encode("aZ09-_.~"), "aZ09-_.~");
  EXPECT_EQ(percent_encode("a b/c?d=e&f[]"), "a%20b%2Fc%3Fd%3De%26f%5B%5D");
  EXPECT_EQ(percent_encode("\xC3\xA9"), "%C3%A9");
}

TEST(PercentEncode, KeepsWhatItIsToldToKeep) { EXPECT_EQ(percent_encode("a/b c:d", "/:"), "a/b%20c:d"); }

TEST(PercentEncode, PercentDecodeUndoesIt) {
  const std::string all = "folder/é x+y%z";
  EXPECT_EQ(percent_decode(percent_encode(all), false), all);
}

}  // namespace
}  // namespace cldcert::mock
