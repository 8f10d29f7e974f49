#include "harness/checks/secret_record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/check.h"
#include "harness/manifest.h"
#include "mocks/digest.h"
#include "mocks/url_signature.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* kSecret = "fake_secret_for_the_record_0000";

mock::Cloud demo(std::string secret = kSecret) {
  mock::Cloud c;
  c.cloud_name = "demo";
  c.api_key = "111222333";
  c.api_secret = std::move(secret);
  return c;
}

struct Input {
  Manifest manifest;
  std::vector<mock::JournalEntry> journal;
  std::vector<StepRecord> steps;
  mock::Accounts accounts;
  CheckInput with(SecretRecord* record) { return {manifest, journal, steps, accounts, {}, {}, record}; }
};

TEST(SecretRecord, WithoutARecordTheSecretAnswers) {
  Input in;
  const std::string good = mock::url_signature("v1/a.png", kSecret, mock::DigestAlgorithm::kSha1, false);
  EXPECT_TRUE(url_signature_valid(in.with(nullptr), demo(), "v1/a.png", good));
  EXPECT_FALSE(url_signature_valid(in.with(nullptr), demo(), "v1/b.png", good));
  const std::string sso = "cloud_name=demo&timestamp=1&username=u";
  EXPECT_TRUE(media_library_sso_valid(in.with(nullptr), demo(), sso, mock::sha256_hex(sso + kSecret)));
  EXPECT_FALSE(media_library_sso_valid(in.with(nullptr), demo(), sso, mock::sha256_hex(sso)));
}

// Recording keeps question and answer under the check being judged, never the secret; replaying the JSON of
// that record without the secret gives the same answers and names the checks that took them.
TEST(SecretRecord, RecordedAnswersReplayWithoutTheSecret) {
  Input in;
  const std::string sso = "cloud_name=demo&timestamp=1&username=u";
  const std::string good = mock::sha256_hex(sso + kSecret);
  SecretRecord recording = SecretRecord::recording();
  recording.judging("widget.media_library_config");
  EXPECT_TRUE(media_library_sso_valid(in.with(&recording), demo(), sso, good));
  EXPECT_FALSE(media_library_sso_valid(in.with(&recording), demo(), sso, "00"));
  ASSERT_EQ(recording.facts().size(), 2u);
  EXPECT_EQ(recording.facts()[0],
            (SecretFact{"widget.media_library_config", "media_library_sso", "demo", sso, good, true}));
  const std::string kept = secret_facts_to_json(recording.facts()).dump();
  EXPECT_THAT(kept, Not(HasSubstr(kSecret)));
  EXPECT_THAT(recording.answered_checks(), IsEmpty());  // recording answers from the secret, not a record

  SecretRecord replay = SecretRecord::replaying(secret_facts_from_json(nlohmann::json::parse(kept)));
  replay.judging("widget.media_library_config");
  EXPECT_TRUE(media_library_sso_valid(in.with(&replay), demo(""), sso, good));
  EXPECT_FALSE(media_library_sso_valid(in.with(&replay), demo(""), sso, "00"));
  EXPECT_THAT(replay.unanswered(), IsEmpty());
  EXPECT_THAT(replay.unasked(), IsEmpty());
  EXPECT_EQ(replay.answered_checks(), std::set<std::string>{"widget.media_library_config"});
}

// Live: a URL the CDN served (2xx) is signed, whatever cldcert's own arithmetic would say; a refusal (401
// for a private original, whatever its signature; 404 for an asset gone) proves nothing, and the secret
// answers, beside the CDN's status. Another cloud's question about the URL is never the CDN's.
TEST(SecretRecord, ASignatureTheCdnServedIsValidARefusalLeavesItToTheSecret) {
  Input in;
  const std::string good = mock::url_signature("a.png", kSecret, mock::DigestAlgorithm::kSha1, false);
  SecretRecord recording = SecretRecord::recording(
      {{"demo", "a.png", "AAAAAAAA", 200}, {"demo", "a.png", good, 401}, {"demo", "b.png", good, 404}});
  recording.judging("delivery.signed_restricted");
  EXPECT_TRUE(url_signature_valid(in.with(&recording), demo(), "a.png", "AAAAAAAA"));  // the secret says no
  EXPECT_TRUE(url_signature_valid(in.with(&recording), demo(), "a.png", good));        // refused, yet signed
  EXPECT_FALSE(url_signature_valid(in.with(&recording), demo(), "b.png", good));
  mock::Cloud other = demo();
  other.cloud_name = "other";
  EXPECT_FALSE(url_signature_valid(in.with(&recording), other, "a.png", "AAAAAAAA"));
  ASSERT_EQ(recording.facts().size(), 4u);
  EXPECT_EQ(recording.facts()[0].by, "cdn");
  EXPECT_EQ(recording.facts()[0].cdn_status, 200);
  EXPECT_EQ(recording.facts()[1].by, "secret");
  EXPECT_EQ(recording.facts()[1].cdn_status, 401);
  EXPECT_EQ(recording.facts()[2].by, "secret");
  EXPECT_EQ(recording.facts()[2].cdn_status, 404);
  EXPECT_EQ(recording.facts()[3].by, "secret");
  EXPECT_EQ(recording.facts()[3].cdn_status, 0);
  // The record keeps who answered, and replays as it was.
  auto back = secret_facts_from_json(nlohmann::json::parse(secret_facts_to_json(recording.facts()).dump()));
  EXPECT_EQ(back, recording.facts());
}

// An answer is the asking check's: another check asking the same question finds none, and says so.
TEST(SecretRecord, AnAnswerFiledUnderAnotherCheckIsNoAnswer) {
  Input in;
  SecretRecord replay =
      SecretRecord::replaying({{"delivery.signed_restricted", "url_signature", "demo", "a.png", "AAAAAAAA", true}});
  replay.judging("delivery.host");
  EXPECT_FALSE(url_signature_valid(in.with(&replay), demo(""), "a.png", "AAAAAAAA"));
  ASSERT_EQ(replay.unanswered().size(), 1u);
  EXPECT_EQ(replay.unanswered()[0],
            "delivery.host asks whether signature 'AAAAAAAA' signs 'a.png' with the secret of cloud 'demo' "
            "(url_signature), which the run's record does not answer");
  EXPECT_THAT(replay.answered_checks(), IsEmpty());
  // ...and the answer it holds was asked by no check: named too.
  ASSERT_EQ(replay.unasked().size(), 1u);
  EXPECT_EQ(replay.unasked()[0],
            "verified_with_secrets/0: answers delivery.signed_restricted's question whether 'AAAAAAAA' signs 'a.png' "
            "for cloud 'demo', which no check asked");
}

TEST(SecretRecord, AQuestionAskedTwiceLeavesNoCopyUnasked) {
  Input in;
  const SecretFact fact{"delivery.signed_restricted", "url_signature", "demo", "a.png", "AAAAAAAA", false};
  SecretRecord replay = SecretRecord::replaying({fact, fact});
  replay.judging("delivery.signed_restricted");
  EXPECT_FALSE(url_signature_valid(in.with(&replay), demo(""), "a.png", "AAAAAAAA"));
  EXPECT_THAT(replay.unanswered(), IsEmpty());
  EXPECT_THAT(replay.unasked(), IsEmpty());
}

}  // namespace
}  // namespace cldcert
