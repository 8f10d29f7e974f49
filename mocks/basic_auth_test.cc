#include "mocks/basic_auth.h"

#include <gtest/gtest.h>

namespace cldcert::mock {
namespace {

TEST(BasicAuth, WhatAClientSendsReadsBackKeyAndSecret) {
  const std::string header = basic_authorization("123456789012345", "fake-secret:with-colon");
  EXPECT_EQ(header, "Basic MTIzNDU2Nzg5MDEyMzQ1OmZha2Utc2VjcmV0OndpdGgtY29sb24=");
  auto read = parse_basic_auth(header);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->key, "123456789012345");
  EXPECT_EQ(read->secret, "fake-secret:with-colon");  // only the first colon splits
}

}  // namespace
}  // namespace cldcert::mock
