#include "harness/live/public_accounts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cldcert::live {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Generated fake clouds: two accounts of two clouds, presets, a SHA-256 signer, provisioning keys.
mock::Accounts fake_clouds() { return mock::generate_accounts(42); }

TEST(PublicAccounts, EverythingButTheSecretsComesBack) {
  const mock::Accounts run = fake_clouds();
  const nlohmann::json kept = accounts_without_secrets(run);
  const std::string text = kept.dump();
  for (const auto& secret : run.all_secrets()) EXPECT_THAT(text, Not(HasSubstr(secret)));
  EXPECT_THAT(text, Not(HasSubstr("api_secret")));
  EXPECT_THAT(text, Not(HasSubstr("provisioning_secret")));

  mock::Accounts back = accounts_from_bundle(kept, "plan/live-accounts.json");
  EXPECT_TRUE(back.all_secrets().empty());
  // With the secrets put back, the clouds are the run's: names, keys, roles, algorithms, presets, ids.
  ASSERT_EQ(back.accounts.size(), run.accounts.size());
  for (std::size_t a = 0; a < run.accounts.size(); ++a) {
    back.accounts[a].provisioning_secret = run.accounts[a].provisioning_secret;
    ASSERT_EQ(back.accounts[a].clouds.size(), run.accounts[a].clouds.size());
    for (std::size_t c = 0; c < run.accounts[a].clouds.size(); ++c)
      back.accounts[a].clouds[c].api_secret = run.accounts[a].clouds[c].api_secret;
  }
  EXPECT_EQ(back, run);
}

TEST(PublicAccounts, ABundleHoldingASecretFieldIsRefusedWithoutEchoingIt) {
  nlohmann::json kept = accounts_without_secrets(fake_clouds());
  kept["accounts"][1]["clouds"][0]["api_secret"] = "fake_leaked_secret_000";
  kept["accounts"][0]["provisioning_secret"] = "fake_leaked_secret_111";
  try {
    accounts_from_bundle(kept, "plan/live-accounts.json");
    FAIL() << "a secret field was taken";
  } catch (const mock::AccountsError& e) {
    const std::string what = e.what();
    EXPECT_THAT(what, HasSubstr("plan/live-accounts.json: /accounts/1/clouds/0/api_secret: a secret, in a bundle"));
    EXPECT_THAT(what, HasSubstr("/accounts/0/provisioning_secret"));
    EXPECT_THAT(what, Not(HasSubstr("fake_leaked_secret")));
  }
}

TEST(PublicAccounts, AMalformedFileIsNamedByField) {
  nlohmann::json kept = accounts_without_secrets(fake_clouds());
  kept["accounts"][0]["clouds"][1].erase("cloud_name");
  try {
    accounts_from_bundle(kept, "plan/live-accounts.json");
    FAIL() << "a cloud without a name was taken";
  } catch (const mock::AccountsError& e) {
    EXPECT_THAT(e.what(), HasSubstr("plan/live-accounts.json: /accounts/0/clouds/1/cloud_name"));
  }
}

}  // namespace
}  // namespace cldcert::live
