#include "harness/closest_name.h"

#include <gtest/gtest.h>

namespace cldcert {
namespace {

TEST(ClosestName, FindsATypoAndNothingForAnUnrelatedName) {
  const std::vector<std::string> known = {"ua.sdk", "upload.signature", "secret.logs"};
  EXPECT_EQ(closest_name("upload.signatrue", known), "upload.signature");
  EXPECT_EQ(closest_name("secret.log", known), "secret.logs");
  EXPECT_EQ(closest_name("ua.skd", known), "ua.sdk");
  EXPECT_EQ(closest_name("delivery.cache", known), std::nullopt);
  EXPECT_EQ(closest_name("x", {}), std::nullopt);
}

}  // namespace
}  // namespace cldcert
