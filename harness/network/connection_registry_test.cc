#include "harness/network/connection_registry.h"

#include <gtest/gtest.h>

namespace cldcert::network {
namespace {

TEST(ConnectionRegistry, TheMockLearnsTheOriginOfTheFrontsOpenConnectionsOnly) {
  ConnectionRegistry registry;
  registry.add(40000, {"https", "api.cloudinary.com"});
  auto lookup = registry.lookup();
  auto origin = lookup("127.0.0.1", 40000);
  ASSERT_TRUE(origin);
  EXPECT_EQ(origin->scheme, "https");
  EXPECT_EQ(origin->sni, "api.cloudinary.com");
  EXPECT_FALSE(lookup("127.0.0.1", 40001)) << "a direct client";
  EXPECT_FALSE(lookup("10.0.0.2", 40000)) << "not the front's loopback connection";
  registry.remove(40000);
  EXPECT_FALSE(lookup("127.0.0.1", 40000)) << "a closed connection's port may be reused by a direct client";
}

}  // namespace
}  // namespace cldcert::network
