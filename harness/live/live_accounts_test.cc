#include "harness/live/live_accounts.h"

#include <gtest/gtest.h>

#include "harness/scratch_dir_test_support.h"

namespace cldcert::live {
namespace {

constexpr const char* kSecret = "fakeSecretNotReal-0123456789";

std::string load_error(const ScratchDir& dir, const std::string& text) {
  try {
    load_live_accounts(dir.write("accounts.json", text));
  } catch (const mock::AccountsError& e) { return e.what(); }
  return "";
}

TEST(LiveAccounts, TheShortFormTakesCloudinaryUrls) {
  ScratchDir dir("live-accounts");
  auto path =
      dir.write("accounts.json", std::string(R"({"clouds": ["cloudinary://111222333:)") + kSecret +
                                     R"(@demo-live", "cloudinary://444:s2@other?signature_algorithm=sha256"]})");
  mock::Accounts accounts = load_live_accounts(path);
  ASSERT_EQ(accounts.accounts.size(), 1u);
  ASSERT_EQ(accounts.accounts[0].clouds.size(), 2u);
  const mock::Cloud& first = accounts.accounts[0].clouds[0];
  EXPECT_EQ(first.cloud_name, "demo-live");
  EXPECT_EQ(first.api_key, "111222333");
  EXPECT_EQ(first.api_secret, kSecret);
  EXPECT_EQ(accounts.accounts[0].clouds[1].signature_algorithm, mock::DigestAlgorithm::kSha256);
  EXPECT_EQ(accounts.all_secrets(), (std::vector<std::string>{kSecret, "s2"}));
}

TEST(LiveAccounts, TheMocksShapeTakesObjectsAndUrlsSideBySide) {
  ScratchDir dir("live-accounts");
  auto path = dir.write("accounts.json", R"({"accounts": [{"id": "acc1", "provisioning_key": "pk",
      "provisioning_secret": "ps", "clouds": [{"cloud_name": "one", "api_key": "1", "api_secret": "x1"},
      "cloudinary://2:x2@two"]}]})");
  mock::Accounts accounts = load_live_accounts(path);
  ASSERT_EQ(accounts.accounts.at(0).clouds.size(), 2u);
  EXPECT_EQ(accounts.accounts[0].clouds[1].cloud_name, "two");
  EXPECT_EQ(accounts.accounts[0].provisioning_secret, "ps");
}

TEST(LiveAccounts, ABrokenUrlIsNamedByFileAndFieldWithoutItsSecret) {
  ScratchDir dir("live-accounts");
  std::string error = load_error(dir, std::string(R"({"clouds": ["cloudinary://key:)") + kSecret + R"("]})");
  EXPECT_NE(error.find("accounts.json: /clouds/0: expected a cloud object or cloudinary://"), std::string::npos)
      << error;
  EXPECT_EQ(error.find(kSecret), std::string::npos) << error;

  error = load_error(dir, std::string(R"({"clouds": ["https://key:)") + kSecret + R"(@x"]})");
  EXPECT_NE(error.find("/clouds/0"), std::string::npos) << error;
  EXPECT_EQ(error.find(kSecret), std::string::npos) << error;
}

TEST(LiveAccounts, MissingFileBadJsonAndNoCloudAreRefused) {
  ScratchDir dir("live-accounts");
  try {
    load_live_accounts(dir / "absent.json");
    FAIL() << "no error";
  } catch (const mock::AccountsError& e) {
    EXPECT_NE(std::string(e.what()).find("absent.json: cannot read"), std::string::npos) << e.what();
  }
  EXPECT_NE(load_error(dir, "{\"clouds\": [").find("invalid JSON at line 1"), std::string::npos);
  EXPECT_NE(load_error(dir, R"({"clouds": []})").find("/accounts/0/clouds: expected at least one cloud"),
            std::string::npos);
  EXPECT_NE(load_error(dir, R"({"clouds": [{"cloud_name": "x", "api_key": "k"}]})").find("api_secret"),
            std::string::npos);
}

TEST(LiveAccounts, TheSourceIsTheOptionElseTheVariable) {
  EXPECT_EQ(live_accounts_source("a.json", "b.json"), "a.json");
  EXPECT_EQ(live_accounts_source("", "b.json"), "b.json");
  EXPECT_EQ(live_accounts_source("", nullptr), "");
  EXPECT_EQ(live_accounts_source("", ""), "");
}

TEST(LiveAccounts, AUrlInPlaceOfTheFileIsRefusedWithoutRepeatingIt) {
  EXPECT_EQ(live_source_problem("accounts.json"), "");
  const std::string problem = live_source_problem(std::string("cloudinary://1:") + kSecret + "@demo");
  EXPECT_NE(problem, "");
  EXPECT_EQ(problem.find(kSecret), std::string::npos);
}

}  // namespace
}  // namespace cldcert::live
