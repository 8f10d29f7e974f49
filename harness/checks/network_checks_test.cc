#include "harness/checks/network_checks.h"

#include <gtest/gtest.h>

#include "harness/checks/check_test_support.h"

namespace cldcert {
namespace {

using testing_support::Evidence;

TEST(NetworkEgress, UnwatchedNetworkIsNotJudged) {
  Evidence ev;
  ev.step("upload");
  auto r = ev.run(&check_network_egress);
  EXPECT_EQ(r.verdict, Verdict::kSkip);
  EXPECT_NE(r.message.find("--network proxy"), std::string::npos) << r.message;
}

TEST(NetworkEgress, WatchedStepsWithoutRefusedConnectionsPass) {
  Evidence ev;
  ev.step("install").egress.emplace();
  ev.step("upload").egress.emplace();
  auto r = ev.run(&check_network_egress);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST(NetworkEgress, AThirdPartyHostFailsNamingTheStepAndHost) {
  Evidence ev;
  ev.step("install").egress.emplace();
  ev.step("upload").egress = std::vector<network::EgressAttempt>{{"telemetry.example.com", 443, "connect", 1}};
  auto r = ev.run(&check_network_egress);
  EXPECT_EQ(r.verdict, Verdict::kFail) << r.message;  // the registry makes it a warning: the level is recommended
  EXPECT_NE(r.seen.find("upload#2"), std::string::npos) << r.seen;
  EXPECT_NE(r.seen.find("telemetry.example.com:443"), std::string::npos) << r.seen;
  ASSERT_FALSE(r.evidence.empty());
  EXPECT_EQ(r.evidence[0].ref, "upload#2");
}

TEST(NetworkEgress, TheManifestsExpectedHostsPass) {
  Evidence ev;
  ev.manifest().network_expected_hosts = {"licence.example.com"};
  ev.step("install").egress = std::vector<network::EgressAttempt>{{"licence.example.com", 443, "connect", 1}};
  auto r = ev.run(&check_network_egress);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_NE(r.evidence[0].detail.find("expected host"), std::string::npos);
}

}  // namespace
}  // namespace cldcert
