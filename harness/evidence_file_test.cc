#include "harness/evidence_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mocks/har_export.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;

TEST(EvidenceFile, StepsAndFixturesRoundTrip) {
  ScenarioEvidence e;
  StepRecord s;
  s.index = 2;
  s.action = "upload";
  s.cloud = "alpha";
  s.args = {{"file", "/f/a.png"}, {"type", "private"}};
  s.expect.kind = StepExpect::Kind::kRefusal;
  s.exit_code = 2;
  s.timed_out = true;
  s.error = "boom";
  s.duration_ms = 12.5;
  s.stdout_text = "out";
  s.stderr_text = "err";
  s.last_json = {{"public_id", "a"}};
  s.first_journal_id = 3;
  s.last_journal_id = 7;
  s.concurrent_group = 1;
  s.store_after.assets.push_back({"alpha", "image", "private", "a", 10, "aa"});
  s.store_after.named_transformations.push_back({"alpha", "thumb", "w_10"});
  s.output_leaks.push_back({"stderr", 3, 7, "known-secret/plain", "url=[REDACTED]", "f00d"});
  e.steps.push_back(s);
  e.fixtures["/f/a.png"] = FixtureFacts{"photo", 10, "aa", "bb", "cc"};
  e.fixtures["/f/old.bin"] = FixtureFacts{"old", 3, "dd"};  // an older bundle's: no head or tail digest
  e.run_id = "run-1";
  e.scenario = "upload-basics";
  e.journal_sha256 = "ab";
  e.reason = "step 1 (upload) timed out";
  auto back = evidence_from_json(nlohmann::json::parse(evidence_to_json(e).dump()));
  ASSERT_EQ(back.steps.size(), 1u);
  const auto& b = back.steps[0];
  EXPECT_EQ(step_to_json(b), step_to_json(s));
  EXPECT_EQ(b.concurrent_group, 1u);
  EXPECT_EQ(b.store_after.find("alpha", "image", "private", "a")->sha256, "aa");
  EXPECT_TRUE(b.store_after.has_named("alpha", "thumb"));
  ASSERT_EQ(b.output_leaks.size(), 1u);
  EXPECT_EQ(b.output_leaks[0].column, 7u);
  EXPECT_EQ(back.fixtures.at("/f/a.png").name, "photo");
  EXPECT_EQ(back.fixtures.at("/f/a.png").head_sha256, "bb");
  EXPECT_EQ(back.fixtures.at("/f/a.png").tail_sha256, "cc");
  EXPECT_FALSE(evidence_to_json(e)["fixtures"]["/f/old.bin"].contains("head_sha256"));
  EXPECT_EQ(back.fixtures.at("/f/old.bin").tail_sha256, "");
  EXPECT_EQ(back.run_id, "run-1");
  EXPECT_EQ(back.scenario, "upload-basics");
  EXPECT_EQ(back.journal_sha256, "ab");
  EXPECT_EQ(back.reason, "step 1 (upload) timed out");
}

// A live run's record of what it verified with a secret: kept when there is one, absent otherwise (a mock
// run's file reads as before), and a malformed one is named.
TEST(EvidenceFile, TheLiveRecordRoundTripsAndIsAbsentWhenEmpty) {
  ScenarioEvidence e;
  e.run_id = "run-1";
  e.scenario = "delivery";
  EXPECT_FALSE(evidence_to_json(e).contains("verified_with_secrets"));
  e.verified_with_secrets.push_back(
      {"delivery.signed_restricted", "url_signature", "demo", "f_auto/shop/shoe.png", "s--abcdEFGH--", true});
  const nlohmann::json j = evidence_to_json(e);
  EXPECT_EQ(j["verified_with_secrets"][0]["cloud"], "demo");
  EXPECT_EQ(evidence_from_json(nlohmann::json::parse(j.dump())).verified_with_secrets, e.verified_with_secrets);
  nlohmann::json broken = j;
  broken["verified_with_secrets"][0].erase("valid");
  try {
    evidence_from_json(broken);
    FAIL() << "a fact without its answer was read";
  } catch (const nlohmann::json::exception& error) { EXPECT_THAT(error.what(), HasSubstr("valid")); }
}

TEST(EvidenceFile, EveryExpectationRoundTripsAndTheFormerFlagIsRead) {
  StepRecord s;
  s.expect = {StepExpect::Kind::kExitCodes, {0, 3}};
  EXPECT_EQ(step_from_json(step_to_json(s)).expect, s.expect);
  s.expect = {StepExpect::Kind::kSuccessOrRefusal, {}};
  EXPECT_EQ(step_from_json(step_to_json(s)).expect, s.expect);
  // A bundle of cldcert 0.2 still re-derives: "expected_failure": true was a refusal.
  auto old = step_to_json(StepRecord{});
  old.erase("expect");
  old["expected_failure"] = true;
  EXPECT_EQ(step_from_json(old).expect.kind, StepExpect::Kind::kRefusal);
  old["expected_failure"] = false;
  EXPECT_EQ(step_from_json(old).expect.kind, StepExpect::Kind::kSuccess);
  auto bad = step_to_json(StepRecord{});
  bad["expect"] = "maybe";
  EXPECT_THROW(step_from_json(bad), std::runtime_error);
}

TEST(EvidenceFile, AMissingFieldIsNamed) {
  ScenarioEvidence e;
  e.steps.push_back(StepRecord{});
  auto j = evidence_to_json(e);
  j["steps"][0].erase("exit_code");
  try {
    evidence_from_json(j);
    FAIL() << "expected an exception";
  } catch (const nlohmann::json::exception& e) { EXPECT_THAT(e.what(), HasSubstr("exit_code")); }
}

TEST(EvidenceFile, RedactionReplacesSecretsAndIsIdempotent) {
  const std::string secret = "AbCdEfGhIjKlMnOpQrStUvWxYz0";
  mock::JournalEntry entry;
  entry.id = 1;
  entry.query = "api_secret=" + secret;
  entry.fields.push_back(mock::text_field("context", "s=" + secret));
  auto once = redacted_journal({entry}, {secret});
  ASSERT_EQ(once.size(), 1u);
  EXPECT_EQ(once[0].query, "api_secret=" + std::string(mock::kRedacted));
  EXPECT_EQ(once[0].fields[0].value, "s=" + std::string(mock::kRedacted));
  auto twice = redacted_journal(once, {secret});
  EXPECT_EQ(nlohmann::json(twice[0]), nlohmann::json(once[0]));
  EXPECT_EQ(redacted_json({{"url", "x?" + secret}}, {secret})["url"], "x?" + std::string(mock::kRedacted));
  EXPECT_TRUE(redacted_json(nullptr, {secret}).is_null());
}

}  // namespace
}  // namespace cldcert
