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

using network::TlsHandshake;
using network::TlsProbe;

// A step that ran while the front presented `probe`, with the handshakes it saw.
StepRecord& probed_step(Evidence& ev, TlsProbe probe, std::vector<TlsHandshake> seen) {
  StepRecord& step = ev.step("upload");
  step.tls_probe = probe;
  step.tls = std::move(seen);
  return step;
}

TEST(NetworkTlsVerified, EnvModeIsNotJudged) {
  Evidence ev;
  ev.step("upload");
  auto r = ev.run(&check_network_tls_verified);
  EXPECT_EQ(r.verdict, Verdict::kSkip);
  EXPECT_NE(r.message.find("--network proxy or sandbox"), std::string::npos) << r.message;
}

TEST(NetworkTlsVerified, RefusingBothProbesPasses) {
  Evidence ev;
  ev.step("login").tls.emplace();
  probed_step(ev, TlsProbe::kUnknownIssuer,
              {{"api.cloudinary.com", 443, TlsProbe::kUnknownIssuer, false, "tlsv1 alert unknown ca", 1}});
  probed_step(ev, TlsProbe::kWrongHost,
              {{"api.cloudinary.com", 443, TlsProbe::kWrongHost, false, "sslv3 alert bad certificate", 2}});
  auto r = ev.run(&check_network_tls_verified);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  ASSERT_EQ(r.evidence.size(), 2u);
  EXPECT_NE(r.evidence[0].detail.find("unknown ca"), std::string::npos) << r.evidence[0].detail;
}

TEST(NetworkTlsVerified, TakingTheWrongHostsCertificateFailsNamingTheStep) {
  Evidence ev;
  probed_step(ev, TlsProbe::kUnknownIssuer,
              {{"api.cloudinary.com", 443, TlsProbe::kUnknownIssuer, false, "tlsv1 alert unknown ca", 1}});
  // Retried after the refusal, then taken: one acceptance is enough.
  probed_step(ev, TlsProbe::kWrongHost, {{"api.cloudinary.com", 443, TlsProbe::kWrongHost, true, "", 2}});
  auto r = ev.run(&check_network_tls_verified);
  EXPECT_EQ(r.verdict, Verdict::kFail) << r.message;
  EXPECT_NE(r.seen.find("upload#2"), std::string::npos) << r.seen;
  EXPECT_NE(r.seen.find("another name"), std::string::npos) << r.seen;
  EXPECT_NE(r.hint.find("CURLOPT_SSL_VERIFYPEER"), std::string::npos);
}

TEST(NetworkTlsVerified, AHandshakeOfAnotherProbeOrNoneDoesNotCount) {
  Evidence ev;
  // A refusal of the normal certificate (a trust problem, not this check's) while the probe was up.
  probed_step(ev, TlsProbe::kUnknownIssuer, {{"api.cloudinary.com", 443, TlsProbe::kNone, false, "alert", 1}});
  auto r = ev.run(&check_network_tls_verified);
  EXPECT_EQ(r.verdict, Verdict::kError) << r.message;
  EXPECT_NE(r.message.find("never tested"), std::string::npos) << r.message;
}

TEST(NetworkTlsVerified, ASkippedProbeStepJudgesNothing) {
  Evidence ev;
  StepRecord& step = probed_step(ev, TlsProbe::kUnknownIssuer, {});
  step.skipped = "the manifest has no 'upload' action";
  auto r = ev.run(&check_network_tls_verified);
  EXPECT_EQ(r.verdict, Verdict::kSkip) << r.message;
}

}  // namespace
}  // namespace cldcert
