#include "harness/live/live_target.h"

#include <gtest/gtest.h>

#include "harness/scratch_dir_test_support.h"

namespace cldcert::live {
namespace {

class LiveTargetTest : public ::testing::Test {
 protected:
  ScratchDir dir_{"live-target"};
  const std::string file_ =
      dir_.write("accounts.json", R"({"clouds": ["cloudinary://123456789012345:fake_secret_abc@demo"]})").string();
  LiveTarget target_;
};

TEST_F(LiveTargetTest, TheAccountsAndCloudinarysHostsByDefault) {
  EXPECT_EQ(load_live_target(file_, "--live", "", "", target_), "");
  ASSERT_NE(target_.accounts.find_cloud("demo"), nullptr);
  EXPECT_EQ(target_.config.api_base, "https://api.cloudinary.com");
  EXPECT_EQ(target_.config.ca_file, "");
}

TEST_F(LiveTargetTest, TheTestOnlyUpstreamAndItsCa) {
  EXPECT_EQ(load_live_target(file_, "--live", "https://localhost:8443", "/ca.pem", target_), "");
  EXPECT_EQ(target_.config.api_base, "https://localhost:8443");
  EXPECT_EQ(target_.config.delivery_base, "https://localhost:8443");
  EXPECT_EQ(target_.config.ca_file, "/ca.pem");
}

TEST_F(LiveTargetTest, EachProblemIsNamedWithHowTheUserGaveItAndNoSecret) {
  const std::string url = load_live_target("cloudinary://1:fake_secret_abc@demo", "ACCOUNTS", "", "", target_);
  EXPECT_EQ(url.rfind("ACCOUNTS ", 0), 0u) << url;
  EXPECT_EQ(url.find("fake_secret_abc"), std::string::npos) << url;
  const std::string missing = load_live_target((dir_ / "nope.json").string(), "CLDCERT_LIVE_ACCOUNTS", "", "", target_);
  EXPECT_NE(missing.find("the live accounts file (CLDCERT_LIVE_ACCOUNTS) is not valid:\n"), std::string::npos)
      << missing;
  EXPECT_NE(load_live_target(file_, "--live", "", "/ca.pem", target_).find("--live-ca is test-only"),
            std::string::npos);
  const std::string plain = load_live_target(file_, "--live", "http://localhost:80", "", target_);
  EXPECT_NE(plain.find("--live-upstream "), std::string::npos) << plain;
  EXPECT_NE(plain.find("got 'http://localhost:80'"), std::string::npos) << plain;
}

}  // namespace
}  // namespace cldcert::live
