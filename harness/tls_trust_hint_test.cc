#include "harness/tls_trust_hint.h"

#include <gtest/gtest.h>

namespace cldcert {
namespace {

using network::TlsHandshake;
using network::TlsProbe;

StepRecord step_with(std::size_t index, std::vector<TlsHandshake> seen) {
  StepRecord step;
  step.index = index;
  step.action = "upload";
  step.tls = std::move(seen);
  return step;
}

class TlsTrustHint : public ::testing::Test {
 protected:
  Scenario scenario_{.id = "upload-basics"};
  std::vector<ScenarioOutcome> outcomes_{ScenarioOutcome{.scenario = &scenario_}};
};

TEST_F(TlsTrustHint, NothingRefusedSaysNothing) {
  outcomes_[0].steps.push_back(step_with(0, {}));
  outcomes_[0].steps.push_back(StepRecord{});  // env mode: nothing watched
  EXPECT_EQ(tls_trust_hint(outcomes_), "");
}

TEST_F(TlsTrustHint, ARefusedRunCaNamesTheStepTheAlertAndTheVariables) {
  outcomes_[0].steps.push_back(
      step_with(2, {{"api.cloudinary.com", 443, TlsProbe::kNone, false, "tlsv1 alert unknown ca", 1}}));
  std::string hint = tls_trust_hint(outcomes_);
  EXPECT_NE(hint.find("upload-basics upload#3: api.cloudinary.com (tlsv1 alert unknown ca)"), std::string::npos)
      << hint;
  EXPECT_NE(hint.find("SSL_CERT_FILE"), std::string::npos);
  EXPECT_NE(hint.find("NODE_EXTRA_CA_CERTS"), std::string::npos);
}

TEST_F(TlsTrustHint, ProbesRefusedOrTakenAreNotTrustProblems) {
  outcomes_[0].steps.push_back(step_with(0, {{"api.cloudinary.com", 443, TlsProbe::kUnknownIssuer, false, "x", 1},
                                             {"api.cloudinary.com", 443, TlsProbe::kWrongHost, true, "", 2}}));
  EXPECT_EQ(tls_trust_hint(outcomes_), "");
}

TEST_F(TlsTrustHint, TheClientsWordsAreEscapedAndLongListsCut) {
  for (std::size_t i = 0; i < 5; ++i) {
    outcomes_[0].steps.push_back(
        step_with(i, {{"api.cloudinary.com\x1b[2J", 443, TlsProbe::kNone, false, "alert\x1b[32m", 1}}));
  }
  std::string hint = tls_trust_hint(outcomes_);
  EXPECT_EQ(hint.find('\x1b'), std::string::npos) << hint;
  EXPECT_NE(hint.find("5 step(s)"), std::string::npos) << hint;
  EXPECT_NE(hint.find("… and 2 more"), std::string::npos) << hint;
}

}  // namespace
}  // namespace cldcert
