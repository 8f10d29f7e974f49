#include "harness/network/network_mode.h"

#include <gtest/gtest.h>

namespace cldcert::network {
namespace {

TEST(NetworkMode, NamesRoundTripAndUnknownNamesAreRefused) {
  for (auto mode : {NetworkMode::kEnv, NetworkMode::kProxy, NetworkMode::kSandbox})
    EXPECT_EQ(parse_network_mode(network_mode_name(mode)), mode);
  EXPECT_FALSE(parse_network_mode("sandboxed"));
  EXPECT_FALSE(parse_network_mode(""));
}

TEST(NetworkMode, EnvAddsNothingAndPointsCredentialsAtTheMock) {
  EXPECT_TRUE(network_step_environment(NetworkMode::kEnv, {"http://127.0.0.1:1", "/b.pem"}).empty());
  EXPECT_TRUE(credentials_point_at_mock(NetworkMode::kEnv));
}

TEST(NetworkMode, ProxySetsBothSpellingsTrustAndKeepsCloudinaryOutOfNoProxy) {
  auto env = network_step_environment(NetworkMode::kProxy, {"http://127.0.0.1:4567", "/run/bundle.pem"});
  for (const char* name : {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"}) {
    EXPECT_EQ(env[name], "http://127.0.0.1:4567") << name;
  }
  EXPECT_EQ(env["SSL_CERT_FILE"], "/run/bundle.pem");
  EXPECT_EQ(env["CURL_CA_BUNDLE"], "/run/bundle.pem");
  EXPECT_EQ(env["NO_PROXY"], env["no_proxy"]);
  EXPECT_EQ(env["NO_PROXY"].find("cloudinary"), std::string::npos);
  EXPECT_FALSE(credentials_point_at_mock(NetworkMode::kProxy));
}

// The namespace takes the traffic to the mock: trust variables only, no proxy a client might refuse or betray.
TEST(NetworkMode, SandboxSetsTrustOnlyAndNamesCloudinarysRealHosts) {
  auto env = network_step_environment(NetworkMode::kSandbox, {"", "/run/bundle.pem"});
  EXPECT_EQ(env["NODE_EXTRA_CA_CERTS"], "/run/bundle.pem");
  for (const char* name : {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY"})
    EXPECT_EQ(env.count(name), 0u) << name;
  EXPECT_FALSE(credentials_point_at_mock(NetworkMode::kSandbox));
}

}  // namespace
}  // namespace cldcert::network
