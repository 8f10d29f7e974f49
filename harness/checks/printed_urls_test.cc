#include "harness/checks/printed_urls.h"

#include <gtest/gtest.h>

namespace cldcert {
namespace {

// The harness's own delivery requests ask the CDN for exactly what a visitor's browser would: the path and
// query as printed (an SDK's ?_a= parameter included), never the fragment, and only of res.cloudinary.com.
TEST(DeliveryHostTarget, PathAndQueryOfAResCloudinaryUrlOnly) {
  EXPECT_EQ(delivery_host_target("https://res.cloudinary.com/demo/image/private/s--AbCd1234--/a.png?_a=BAM#x"),
            "/demo/image/private/s--AbCd1234--/a.png?_a=BAM");
  EXPECT_EQ(delivery_host_target("http://res.cloudinary.com/demo/raw/upload/v1/big.bin"),
            "/demo/raw/upload/v1/big.bin");
  EXPECT_EQ(delivery_host_target("https://demo-res.cloudinary.com/image/upload/a.png"), std::nullopt);
  EXPECT_EQ(delivery_host_target("https://res.cloudinary.com.evil.test/demo/a.png"), std::nullopt);
  EXPECT_EQ(delivery_host_target("ftp://res.cloudinary.com/demo/a.png"), std::nullopt);
}

}  // namespace
}  // namespace cldcert
