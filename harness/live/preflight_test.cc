#include "harness/live/preflight.h"

#include <gtest/gtest.h>

#include "harness/live/live_test_support.h"
#include "mocks/mock_test_support.h"

namespace cldcert::live {
namespace {

using live::testing_support::UpstreamCloud;
namespace ts = mock::testing_support;

TEST(Preflight, AcceptedCredentialsAndEmptyCloudsPass) {
  mock::Accounts accounts = mock::generate_accounts(21, 1, 2);
  UpstreamCloud upstream(accounts);
  UpstreamForwarder forwarder(upstream.config());
  EXPECT_TRUE(refused_credentials(forwarder, accounts).empty());
  EXPECT_TRUE(nonempty_clouds(forwarder, accounts).empty());
}

TEST(Preflight, TheEmptinessCheckKeepsOffTheHoursLastAdminCallsAndSaysSo) {
  mock::Accounts accounts = mock::generate_accounts(21, 1, 1);
  UpstreamCloud upstream(accounts);
  const std::string cloud = accounts.accounts[0].clouds[0].cloud_name;
  // The ping leaves exactly the reserve: listing the cloud's assets would spend the calls kept back.
  upstream.mock().state().admin_rate_limits.set_limit(cloud, kReservedAdminCalls + 1);
  UpstreamForwarder forwarder(upstream.config());
  EXPECT_TRUE(refused_credentials(forwarder, accounts).empty());
  const std::uint64_t sent = forwarder.requests();
  auto problems = nonempty_clouds(forwarder, accounts);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("cloud " + cloud + ": cannot list its image assets (420 cldcert live: cloud " + cloud +
                             " has 10 Admin API call(s) left this hour (of 11), until 2023-11-14 23:00:00 UTC"),
            std::string::npos)
      << problems[0];
  EXPECT_EQ(forwarder.requests(), sent);  // the listing was never sent
}

TEST(Preflight, ARefusedSecretIsNamedPerCloudAndNeverShown) {
  mock::Accounts accounts = mock::generate_accounts(21, 1, 2);
  UpstreamCloud upstream(accounts);
  mock::Accounts wrong = accounts;
  wrong.accounts[0].clouds[1].api_secret = "wrongSecretValue123";
  auto problems = refused_credentials(UpstreamForwarder(upstream.config()), wrong);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("cloud " + wrong.accounts[0].clouds[1].cloud_name + " "), std::string::npos)
      << problems[0];
  EXPECT_NE(problems[0].find("refused its api_key and api_secret (401"), std::string::npos) << problems[0];
  EXPECT_EQ(problems[0].find("wrongSecretValue123"), std::string::npos);
}

TEST(Preflight, ARefusedProvisioningSecretIsNamedPerAccount) {
  mock::Accounts accounts = mock::generate_accounts(21, 2, 1);
  UpstreamCloud upstream(accounts);
  mock::Accounts wrong = accounts;
  wrong.accounts[1].provisioning_secret = "wrongProvisioningSecret";
  auto problems = refused_credentials(UpstreamForwarder(upstream.config()), wrong);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("account " + wrong.accounts[1].id + " (provisioning_key "), std::string::npos)
      << problems[0];
  EXPECT_NE(problems[0].find("refused its provisioning_key and provisioning_secret (401)"), std::string::npos)
      << problems[0];
  EXPECT_EQ(problems[0].find("wrongProvisioningSecret"), std::string::npos);
  // The short form has no provisioning key: nothing to probe.
  wrong.accounts[1].provisioning_key.clear();
  EXPECT_TRUE(refused_credentials(UpstreamForwarder(upstream.config()), wrong).empty());
}

TEST(Preflight, AnUnreachableUpstreamStopsTheRunToo) {
  mock::Accounts accounts = mock::generate_accounts(21, 1, 1);
  UpstreamConfig config;
  config.api_base = config.delivery_base = "http://127.0.0.1:1";
  auto problems = refused_credentials(UpstreamForwarder(config), accounts);
  ASSERT_EQ(problems.size(), 2u);  // the account's provisioning key, then the cloud's key
  EXPECT_NE(problems[0].find("account " + accounts.accounts[0].id), std::string::npos) << problems[0];
  for (const auto& problem : problems) EXPECT_NE(problem.find("got 502"), std::string::npos) << problem;
}

TEST(Preflight, ACloudHoldingAnAssetIsNamedWithIt) {
  mock::Accounts accounts = mock::generate_accounts(21, 1, 2);
  UpstreamCloud upstream(accounts);
  const mock::Cloud& first = accounts.accounts[0].clouds[0];  // the second is read-only
  auto uploaded = ts::post_upload(upstream.mock(), first, ts::signed_params({{"public_id", "partner-asset"}}, first),
                                  ts::FilePart{"a.png", "image/png", ts::png_bytes(4, 4, 200)});
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  auto problems = nonempty_clouds(UpstreamForwarder(upstream.config()), accounts);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("cloud " + first.cloud_name + " already holds assets (image 'partner-asset'"),
            std::string::npos)
      << problems[0];
}

}  // namespace
}  // namespace cldcert::live
