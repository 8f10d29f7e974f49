#include "harness/checks/delivery_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "harness/checks/check_test_support.h"
#include "harness/checks/printed_urls.h"
#include "harness/checks/transformation_checks.h"
#include "harness/checks/registry.h"
#include "harness/checks/secret_record.h"
#include "harness/manifest.h"
#include "mocks/url_signature.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* kDemoSecret = "Xk3-9fQzLp_2mWv7RtYb4NcH8sA";
constexpr const char* kOtherSecret = "PvS_7yLm2-QdTu9XaWc4ZkEo1Rb";

mock::Accounts two_clouds() {
  mock::Accounts a;
  mock::Account account;
  account.id = "acc1";
  mock::Cloud demo;
  demo.cloud_name = "demo";
  demo.api_key = "614335564976464";
  demo.api_secret = kDemoSecret;
  mock::Cloud other;
  other.cloud_name = "other";
  other.api_key = "836274619283746";
  other.api_secret = kOtherSecret;
  other.signature_algorithm = mock::DigestAlgorithm::kSha256;
  account.clouds = {demo, other};
  a.accounts.push_back(account);
  return a;
}

std::string signature(const std::string& to_sign, const std::string& secret,
                      mock::DigestAlgorithm algorithm = mock::DigestAlgorithm::kSha1) {
  return "s--" + mock::url_signature(to_sign, secret, algorithm, false) + "--";
}

// A correctly signed private URL of `demo`, as the SDK builds it.
std::string signed_private(const std::string& secret = kDemoSecret,
                           mock::DigestAlgorithm algorithm = mock::DigestAlgorithm::kSha1) {
  return "https://res.cloudinary.com/demo/image/private/" +
         signature("f_auto,q_auto/shop/shoe.png", secret, algorithm) + "/f_auto,q_auto/v1/shop/shoe.png";
}

class DeliveryChecksTest : public ::testing::Test {
 protected:
  void step(const std::string& action, nlohmann::json last_json, const std::string& cloud = "demo") {
    StepRecord s;
    s.index = steps_.size();
    s.action = action;
    s.cloud = cloud;
    s.exit_code = 0;
    s.last_json = std::move(last_json);
    steps_.push_back(std::move(s));
  }
  CheckInput input() { return CheckInput{manifest_, journal_, steps_, accounts_, {kDemoSecret, kOtherSecret}}; }
  CheckResult host() { return run_check(*find_check("delivery.host"), input()); }
  CheckResult signed_restricted() { return run_check(*find_check("delivery.signed_restricted"), input()); }
  CheckResult optimized() { return run_check(*find_check("transformation.optimized"), input()); }

  // install, login, upload (Cloudinary's own response URLs), deliver: what the reference prints.
  void good_run() {
    step("install", {{"installed", "1.2.0"}});
    step("login", {{"cloud", "demo"}, {"api_key", "614335564976464"}});
    step("upload", {{"public_id", "shop/shoe"},
                    {"url", "http://res.cloudinary.com/demo/image/upload/v1714564800/shop/shoe.png"},
                    {"secure_url", "https://res.cloudinary.com/demo/image/upload/v1714564800/shop/shoe.png"}});
    step("deliver", {{"url", "https://res.cloudinary.com/demo/image/upload/f_auto,q_auto/v1/shop/shoe.png?_a=BAMAK+"}});
    step("deliver", {{"url", signed_private()}});
  }

  Manifest manifest_;
  std::vector<mock::JournalEntry> journal_;
  std::vector<StepRecord> steps_;
  mock::Accounts accounts_ = two_clouds();
};

TEST_F(DeliveryChecksTest, PrintedUrlsWalkNestedFieldsAndIgnoreOtherStrings) {
  step("upload", {{"public_id", "https-not-a-url"},
                  {"secure_url", "https://res.cloudinary.com/demo/image/upload/v1/a.png"},
                  {"derived", {{{"url", "HTTP://res.cloudinary.com/demo/image/upload/w_200/v1/a.png"}}}}});
  auto urls = printed_urls(steps_);
  ASSERT_EQ(urls.size(), 2u);
  EXPECT_EQ(urls[0].field, "derived/0/url");
  EXPECT_EQ(urls[1].field, "secure_url");
  EXPECT_EQ(step_ref(*urls[0].step), "upload#1");
}

TEST_F(DeliveryChecksTest, ReferenceLikeRunPassesAll) {
  good_run();
  auto h = host();
  EXPECT_EQ(h.verdict, Verdict::kPass) << h.message;
  EXPECT_THAT(h.message, HasSubstr("4 printed URL(s)"));
  auto s = signed_restricted();
  EXPECT_EQ(s.verdict, Verdict::kPass) << s.message;
  auto o = optimized();
  EXPECT_EQ(o.verdict, Verdict::kPass) << o.message;
  // The upload step's own response URLs (no f_auto) are Cloudinary's, not built for delivery.
  EXPECT_THAT(o.message, HasSubstr("2 image delivery URL(s)"));
}

TEST_F(DeliveryChecksTest, NoDeliveryUrlSkipsAll) {
  step("install", {{"installed", "1.2.0"}});
  step("login", {{"cloud", "demo"}});
  step("logout", nullptr);
  EXPECT_EQ(host().verdict, Verdict::kSkip);
  EXPECT_EQ(signed_restricted().verdict, Verdict::kSkip);
  EXPECT_EQ(optimized().verdict, Verdict::kSkip);
}

TEST_F(DeliveryChecksTest, UrlOnOwnHostFailsHostNamingStepAndUrl) {
  good_run();
  step("deliver", {{"url", "https://refplat.example.invalid/media/shop/shoe.png"}});
  auto r = host();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("deliver#6"));
  EXPECT_THAT(r.message, HasSubstr("https://refplat.example.invalid/media/shop/shoe.png"));
  EXPECT_THAT(r.message, HasSubstr("refplat.example.invalid"));
  EXPECT_EQ(r.near_miss, "https://res.cloudinary.com/demo/image/upload/shoe.png");
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].kind, "step");
  EXPECT_EQ(r.evidence[0].ref, "deliver#6");
  // Not a Cloudinary URL, so the signing and optimisation checks leave it to delivery.host.
  EXPECT_EQ(signed_restricted().verdict, Verdict::kPass);
  EXPECT_EQ(optimized().verdict, Verdict::kPass);
}

TEST_F(DeliveryChecksTest, UrlOfAnotherCloudFailsHost) {
  step("deliver", {{"url", "https://res.cloudinary.com/other/image/upload/f_auto,q_auto/v1/a.png"}});
  auto r = host();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("cloud 'other', not the step's cloud 'demo'"));
  EXPECT_EQ(r.near_miss, "https://res.cloudinary.com/demo/image/upload/f_auto,q_auto/v1/a.png");
}

TEST_F(DeliveryChecksTest, PrivateCdnHostOfTheCloudPassesHost) {
  step("deliver", {{"url", "https://demo-res.cloudinary.com/image/upload/f_auto,q_auto/v1/a.png"}});
  EXPECT_EQ(host().verdict, Verdict::kPass);
}

TEST_F(DeliveryChecksTest, UnsignedPrivateUrlFails) {
  good_run();
  step("deliver", {{"url", "https://res.cloudinary.com/demo/image/private/f_auto,q_auto/v1/shop/shoe.png"}});
  auto r = signed_restricted();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("unsigned URL for a private asset"));
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].ref, "deliver#6");
  EXPECT_THAT(r.evidence[0].detail,
              HasSubstr("https://res.cloudinary.com/demo/image/private/f_auto,q_auto/v1/shop/shoe.png"));
  EXPECT_EQ(host().verdict, Verdict::kPass);
}

TEST_F(DeliveryChecksTest, UnsignedAuthenticatedUrlFails) {
  step("deliver", {{"url", "https://res.cloudinary.com/demo/image/authenticated/v1/doc.png"}});
  auto r = signed_restricted();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("unsigned URL for an authenticated asset"));
}

TEST_F(DeliveryChecksTest, TamperedSignatureFails) {
  std::string url = signed_private();
  // Same signature, another transformation: the signature no longer covers what is delivered.
  url.replace(url.find("/f_auto,q_auto/v1"), 17, "/f_auto,q_auto,w_2000/v1");
  step("deliver", {{"url", url}});
  auto r = signed_restricted();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("does not match"));
  EXPECT_THAT(r.message, HasSubstr("cloud 'demo'"));
}

TEST_F(DeliveryChecksTest, SignatureByAnotherCloudsSecretFails) {
  step("deliver", {{"url", signed_private(kOtherSecret, mock::DigestAlgorithm::kSha256)}});
  auto r = signed_restricted();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("signed with the secret of cloud 'other'"));
  // And the same URL printed by a step on cloud "other" is fine for signing (not for the host).
  steps_.clear();
  step("deliver", {{"url", signed_private(kOtherSecret, mock::DigestAlgorithm::kSha256)}}, "other");
  EXPECT_EQ(signed_restricted().verdict, Verdict::kPass);
}

TEST_F(DeliveryChecksTest, SecretsNeverInTheResult) {
  step("deliver", {{"url", signed_private(kOtherSecret)}});
  auto r = signed_restricted();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, Not(HasSubstr(kOtherSecret)));
  EXPECT_THAT(r.message, Not(HasSubstr(kDemoSecret)));
}

TEST_F(DeliveryChecksTest, MissingFAutoWarnsNeverFails) {
  good_run();
  step("deliver", {{"url", "https://res.cloudinary.com/demo/image/upload/q_auto,w_400/v1/shop/shoe.png"}});
  auto r = optimized();
  ASSERT_EQ(r.verdict, Verdict::kWarn);  // recommended: the registry turns the failure into a warning
  EXPECT_EQ(r.level, "recommended");
  EXPECT_THAT(r.message, HasSubstr("no f_auto"));
  EXPECT_THAT(r.message, HasSubstr("deliver#6"));
  EXPECT_EQ(r.near_miss, "https://res.cloudinary.com/demo/image/upload/q_auto,w_400/f_auto,q_auto/v1/shop/shoe.png");
  EXPECT_EQ(check_transformation_optimized(input()).verdict, Verdict::kFail);
}

TEST_F(DeliveryChecksTest, UntransformedImageUrlLacksBoth) {
  step("deliver", {{"url", "https://res.cloudinary.com/demo/image/upload/v1/a.jpg"}});
  auto r = optimized();
  ASSERT_EQ(r.verdict, Verdict::kWarn);
  EXPECT_THAT(r.message, HasSubstr("no f_auto and no q_auto"));
}

TEST_F(DeliveryChecksTest, RawUrlIsIgnoredForOptimisation) {
  step("deliver", {{"url", "https://res.cloudinary.com/demo/raw/upload/v1/files/manual.pdf"}});
  EXPECT_EQ(optimized().verdict, Verdict::kSkip);
  EXPECT_EQ(host().verdict, Verdict::kPass);
  step("deliver", {{"url", "https://res.cloudinary.com/demo/image/upload/f_auto,q_auto/v1/a.png"}});
  auto r = optimized();
  EXPECT_EQ(r.verdict, Verdict::kPass);
  EXPECT_THAT(r.message, HasSubstr("1 image delivery URL(s)"));
}

}  // namespace
}  // namespace cldcert

namespace cldcert {
namespace {

using testing_support::Evidence;

void fetched(Evidence& ev, const std::string& remote, const std::string& printed) {
  ev.step("deliver", {{"public_id", remote}, {"type", "fetch"}}).last_json = {{"url", printed}};
}

TEST(DeliveryFetch, AFetchUrlNamingTheRemotePasses) {
  Evidence ev;
  fetched(ev, "https://example.com/a.jpg",
          "https://res.cloudinary.com/alpha/image/fetch/f_auto,q_auto/https://example.com/a.jpg");
  auto r = ev.run(&check_delivery_fetch);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST(DeliveryFetch, AnUploadTypeUrlOrAnotherRemoteFails) {
  Evidence upload;
  fetched(upload, "https://example.com/a.jpg",
          "https://res.cloudinary.com/alpha/image/upload/f_auto,q_auto/https://example.com/a.jpg");
  auto r = upload.run(&check_delivery_fetch);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, ::testing::HasSubstr("printed a 'upload' URL"));
  EXPECT_EQ(r.near_miss, "https://res.cloudinary.com/alpha/image/fetch/f_auto,q_auto/https://example.com/a.jpg");
  Evidence other;
  fetched(other, "https://example.com/a.jpg", "https://res.cloudinary.com/alpha/image/fetch/https://example.com/b.jpg");
  EXPECT_THAT(other.run(&check_delivery_fetch).message, ::testing::HasSubstr("naming 'https://example.com/b.jpg'"));
  Evidence none;
  none.step("deliver", {{"public_id", "x"}, {"type", "fetch"}});
  EXPECT_THAT(none.run(&check_delivery_fetch).message, ::testing::HasSubstr("printed no URL"));
  EXPECT_EQ(Evidence().run(&check_delivery_fetch).verdict, Verdict::kSkip);
}

// A live run records each signature it verified with a secret; verify, without the secrets, answers the
// same questions from that record and gets the same verdict and message.
TEST_F(DeliveryChecksTest, RecordedSignatureAnswersReplayWithoutTheSecrets) {
  step("deliver", {{"url", signed_private()}});
  step("deliver", {{"url", signed_private(kOtherSecret, mock::DigestAlgorithm::kSha256)}});
  SecretRecord recording = SecretRecord::recording();
  recording.judging("delivery.signed_restricted");
  CheckInput recorded = input();
  recorded.secret_record = &recording;
  CheckResult at_run = run_check(*find_check("delivery.signed_restricted"), recorded);
  ASSERT_EQ(at_run.verdict, Verdict::kFail);
  // demo's signature checked once (valid), the other's against demo, then against other.
  ASSERT_EQ(recording.facts().size(), 3u);
  EXPECT_TRUE(recording.facts()[0].valid);
  EXPECT_EQ(recording.facts()[0].check, "delivery.signed_restricted");
  EXPECT_EQ(recording.facts()[0].cloud, "demo");
  EXPECT_FALSE(recording.facts()[1].valid);
  EXPECT_TRUE(recording.facts()[2].valid);
  const std::string kept = secret_facts_to_json(recording.facts()).dump();
  EXPECT_THAT(kept, Not(HasSubstr(kDemoSecret)));
  EXPECT_THAT(kept, Not(HasSubstr(kOtherSecret)));

  for (auto& account : accounts_.accounts) {
    for (auto& cloud : account.clouds) cloud.api_secret.clear();
  }
  SecretRecord replay = SecretRecord::replaying(secret_facts_from_json(nlohmann::json::parse(kept)));
  replay.judging("delivery.signed_restricted");
  CheckInput verifying{manifest_, journal_, steps_, accounts_, {}, {}, &replay};
  CheckResult at_verify = run_check(*find_check("delivery.signed_restricted"), verifying);
  EXPECT_EQ(at_verify.verdict, at_run.verdict);
  EXPECT_EQ(at_verify.message, at_run.message);
  EXPECT_THAT(replay.unanswered(), IsEmpty());
  EXPECT_EQ(replay.answered_checks(), std::set<std::string>{"delivery.signed_restricted"});
}

// A flipped answer in the record flips the verdict (verify then disagrees with report.json), and a URL the
// run never judged finds no answer: named, and a failure, never a pass.
TEST_F(DeliveryChecksTest, ReplayFollowsTheRecordAndNamesWhatItDoesNotAnswer) {
  step("deliver", {{"url", signed_private()}});
  SecretRecord recording = SecretRecord::recording();
  recording.judging("delivery.signed_restricted");
  CheckInput recorded = input();
  recorded.secret_record = &recording;
  ASSERT_EQ(run_check(*find_check("delivery.signed_restricted"), recorded).verdict, Verdict::kPass);
  std::vector<SecretFact> flipped = recording.facts();
  flipped[0].valid = false;
  SecretRecord replay = SecretRecord::replaying(flipped);
  replay.judging("delivery.signed_restricted");
  CheckInput verifying{manifest_, journal_, steps_, accounts_, {}, {}, &replay};
  EXPECT_EQ(run_check(*find_check("delivery.signed_restricted"), verifying).verdict, Verdict::kFail);

  steps_.clear();
  step("deliver", {{"url", signed_private(kOtherSecret)}});
  SecretRecord other = SecretRecord::replaying(recording.facts());
  other.judging("delivery.signed_restricted");
  CheckInput edited{manifest_, journal_, steps_, accounts_, {}, {}, &other};
  EXPECT_EQ(run_check(*find_check("delivery.signed_restricted"), edited).verdict, Verdict::kFail);
  ASSERT_FALSE(other.unanswered().empty());
  EXPECT_THAT(other.unanswered()[0], HasSubstr("delivery.signed_restricted asks whether signature '"));
  EXPECT_THAT(other.unanswered()[0], HasSubstr("which the run's record does not answer"));
  EXPECT_THAT(other.answered_checks(), IsEmpty());
}

}  // namespace
}  // namespace cldcert
