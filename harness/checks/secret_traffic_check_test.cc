#include "harness/checks/secret_traffic_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/checks/check_test_support.h"
#include "harness/checks/registry.h"
#include "harness/manifest.h"
#include "mocks/digest.h"

namespace cldcert {
namespace {

using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// 27 characters with a digit, '-' and '_', like the run's generated secrets.
constexpr const char* kApiKey = "614335564976464";
constexpr const char* kSecret = "Xk3-9fQzLp_2mWv7RtYb4NcH8sA";
constexpr const char* kProvisioningKey = "836274619283746";
constexpr const char* kProvisioningSecret = "PvS_7yLm2-QdTu9XaWc4ZkEo1Rb";
// base64("614335564976464:Xk3-9fQzLp_2mWv7RtYb4NcH8sA"), as in "Authorization: Basic …".
constexpr const char* kBasicAuth = "Basic NjE0MzM1NTY0OTc2NDY0OlhrMy05ZlF6THBfMm1XdjdSdFliNE5jSDhzQQ==";
// base64("836274619283746:PvS_7yLm2-QdTu9XaWc4ZkEo1Rb").
constexpr const char* kProvisioningBasicAuth = "Basic ODM2Mjc0NjE5MjgzNzQ2OlB2U183eUxtMi1RZFR1OVhhV2M0WmtFbzFSYg==";

mock::JournalEntry entry(std::uint64_t id, const std::string& api, const std::string& method, const std::string& path) {
  mock::JournalEntry e;
  e.id = id;
  e.api = api;
  e.method = method;
  e.path = path;
  e.started_at = "2024-05-01T12:00:00.000Z";
  e.headers = {{"Host", "127.0.0.1"},
               {"User-Agent", "CloudinaryRefplat/1.2.0 (Refplat 3.4.1) CloudinaryNodeJS/2.11.0"}};
  return e;
}

// A signed upload as the SDK sends it: api_key, timestamp, signature and the file.
mock::JournalEntry signed_upload(std::uint64_t id) {
  auto e = entry(id, "upload", "POST", "/v1_1/demo/image/upload");
  std::string to_sign = "public_id=shop/shoe&timestamp=1714564800";
  e.fields.push_back(mock::text_field("api_key", kApiKey));
  e.fields.push_back(mock::text_field("public_id", "shop/shoe"));
  e.fields.push_back(mock::text_field("timestamp", "1714564800"));
  e.fields.push_back(mock::text_field("signature", mock::digest_hex(mock::DigestAlgorithm::kSha1, to_sign + kSecret)));
  e.fields.push_back(mock::text_field("signature_algorithm", "sha1"));
  mock::JournalField file;
  file.name = "file";
  file.is_file = true;
  file.filename = "shoe.png";
  file.content_type = "image/png";
  file.size = 1234;
  file.sha256 = mock::sha256_hex("png bytes");
  e.fields.push_back(file);
  e.headers.emplace_back("Content-Type", "multipart/form-data; boundary=x");
  return e;
}

class SecretTrafficTest : public ::testing::Test {
 protected:
  // Through the registry, which fills the id (secret.traffic is required: its verdicts stay as they are).
  CheckResult run() {
    return run_check(*find_check("secret.traffic"), CheckInput{manifest_, journal_, steps_, accounts_, secrets_});
  }

  Manifest manifest_;
  std::vector<mock::JournalEntry> journal_;
  std::vector<StepRecord> steps_;
  mock::Accounts accounts_;
  std::vector<std::string> secrets_ = {kProvisioningSecret, kSecret};
};

std::vector<std::string> refs(const CheckResult& r) {
  std::vector<std::string> out;
  for (const auto& e : r.evidence) out.push_back(e.ref);
  return out;
}

TEST_F(SecretTrafficTest, SignedRequestsWithTheApiKeyPass) {
  auto admin = entry(2, "admin", "GET", "/v1_1/demo/resources/image");
  admin.query_params = {{"max_results", "10"}, {"api_key", kApiKey}};
  journal_ = {signed_upload(1), admin, entry(3, "delivery", "GET", "/demo/image/upload/shop/shoe.png")};
  auto r = run();
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_EQ(r.id, "secret.traffic");
  EXPECT_EQ(r.message, "no secret in any of 3 request(s)");
  EXPECT_THAT(r.evidence, IsEmpty());
}

TEST_F(SecretTrafficTest, SecretAsAPlainFormField) {
  auto e = signed_upload(4);
  e.fields.push_back(mock::text_field("api_secret", kSecret));
  journal_ = {signed_upload(1), e};
  auto r = run();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(refs(r), ElementsAre("journal:4"));
  EXPECT_EQ(r.evidence[0].kind, "request");
  EXPECT_THAT(r.evidence[0].detail, HasSubstr("POST /v1_1/demo/image/upload"));
  EXPECT_THAT(r.evidence[0].detail, EndsWith("form field 'api_secret'"));
  EXPECT_THAT(r.message, HasSubstr("form field 'api_secret' of POST /v1_1/demo/image/upload"));
  EXPECT_THAT(r.hint, HasSubstr("Never send api_secret"));
}

TEST_F(SecretTrafficTest, SecretUrlEncodedInAQueryParameter) {
  // Encoded twice by the integration, so the once-decoded journal still holds %58%6B…
  auto e = entry(6, "admin", "GET", "/v1_1/demo/resources/image");
  e.query_params = {{"max_results", "10"},
                    {"auth", "%58%6B%33%2D%39%66%51%7A%4C%70%5F%32%6D%57%76%37%52%74%59%62%34%4E%63%48%38%73%41"}};
  journal_ = {e};
  auto r = run();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(refs(r), ElementsAre("journal:6"));
  EXPECT_THAT(r.evidence[0].detail, EndsWith("query parameter 'auth'"));
}

TEST_F(SecretTrafficTest, SecretPlainInAQueryParameterOfAnAdminRequest) {
  auto e = entry(2, "admin", "DELETE", "/v1_1/demo/resources/image/upload");
  e.headers.emplace_back("Authorization", kBasicAuth);                        // allowed here…
  e.query_params = {{"public_ids[]", "shop/shoe"}, {"api_secret", kSecret}};  // …but not this
  journal_ = {e};
  auto r = run();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_THAT(r.evidence[0].detail, EndsWith("query parameter 'api_secret'"));
}

TEST_F(SecretTrafficTest, SecretBase64InsideAHeader) {
  auto e = signed_upload(3);
  // base64 of {"cloud":"demo","api_secret":"<secret>"}: the secret sits mid-string, unaligned.
  e.headers.emplace_back("X-Acme-Config",
                         "eyJjbG91ZCI6ImRlbW8iLCJhcGlfc2VjcmV0IjoiWGszLTlmUXpMcF8ybVd2N1J0WWI0TmNIOHNBIn0=");
  journal_ = {e};
  auto r = run();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(refs(r), ElementsAre("journal:3"));
  EXPECT_THAT(r.evidence[0].detail, EndsWith("header 'X-Acme-Config'"));
}

TEST_F(SecretTrafficTest, SecretInsideTheUrlPath) {
  journal_ = {entry(8, "admin", "GET", std::string("/v1_1/demo/") + kSecret + "/resources/image")};
  auto r = run();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(refs(r), ElementsAre("journal:8"));
  EXPECT_THAT(r.evidence[0].detail, EndsWith("the URL path"));
}

TEST_F(SecretTrafficTest, SecretInADeliveryRequest) {
  // A delivery URL "signed" with the secret itself: the browser sends it to the CDN.
  journal_ = {signed_upload(1),
              entry(2, "delivery", "GET", std::string("/demo/image/authenticated/s--") + kSecret + "--/shop/shoe.png")};
  auto r = run();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(refs(r), ElementsAre("journal:2"));
  EXPECT_THAT(r.evidence[0].detail, HasSubstr("GET /demo/image/authenticated/"));
  EXPECT_THAT(r.evidence[0].detail, EndsWith("the URL path"));
}

TEST_F(SecretTrafficTest, BasicAuthToTheAdminApiIsAllowed) {
  auto e = entry(1, "admin", "GET", "/v1_1/demo/resources/image");
  e.headers.emplace_back("Authorization", kBasicAuth);
  journal_ = {e};
  auto r = run();
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST_F(SecretTrafficTest, BasicAuthToTheProvisioningApiIsAllowed) {
  auto e = entry(1, "provisioning", "GET", "/v1_1/provisioning/accounts/acc1/sub_accounts");
  e.headers.emplace_back("authorization", kProvisioningBasicAuth);  // header names are case-insensitive
  journal_ = {e};
  auto r = run();
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST_F(SecretTrafficTest, BasicAuthOnAnUploadRequestIsALeak) {
  // The upload API accepts it, but upload calls come from places the secret must not reach.
  auto e = entry(5, "upload", "POST", "/v1_1/demo/image/upload");
  e.headers.emplace_back("Authorization", kBasicAuth);
  journal_ = {e};
  auto r = run();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(refs(r), ElementsAre("journal:5"));
  EXPECT_THAT(r.evidence[0].detail, EndsWith("header 'Authorization'"));
}

TEST_F(SecretTrafficTest, OnAdminRequestsOnlyTheAuthorizationHeaderIsExempt) {
  auto e = entry(1, "admin", "GET", "/v1_1/demo/resources/image");
  e.headers.emplace_back("Authorization", kBasicAuth);
  e.headers.emplace_back("X-Api-Secret", kSecret);
  journal_ = {e};
  auto r = run();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_THAT(r.evidence[0].detail, EndsWith("header 'X-Api-Secret'"));
}

TEST_F(SecretTrafficTest, TheMocksOwnControlRequestsAreNotJudged) {
  auto control = entry(1, "control", "POST", "/__cldcert/accounts");
  control.fields.push_back(mock::text_field("api_secret", kSecret));
  journal_ = {control, signed_upload(2)};
  auto r = run();
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_EQ(r.message, "no secret in any of 1 request(s)");
}

TEST_F(SecretTrafficTest, EveryLeakIsOneEvidenceItemOfOneFailure) {
  auto form = signed_upload(2);
  form.fields.push_back(mock::text_field("api_secret", kSecret));
  auto query = entry(4, "admin", "GET", "/v1_1/demo/usage");
  query.query_params = {{"secret", kProvisioningSecret}};  // the account's secret counts too
  auto header = signed_upload(7);
  header.headers.emplace_back("Authorization", kBasicAuth);
  journal_ = {signed_upload(1), form, signed_upload(3), query, header};
  auto r = run();
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(refs(r), ElementsAre("journal:2", "journal:4", "journal:7"));
  EXPECT_THAT(r.evidence[0].detail, EndsWith("form field 'api_secret'"));
  EXPECT_THAT(r.evidence[1].detail, EndsWith("query parameter 'secret'"));
  EXPECT_THAT(r.evidence[2].detail, EndsWith("header 'Authorization'"));
  // The message leads with the first leak and counts the others.
  EXPECT_THAT(r.message, HasSubstr("form field 'api_secret'"));
  EXPECT_THAT(r.message, HasSubstr("(and 2 more)"));
  // Findings never repeat the secret they found.
  EXPECT_THAT(r.message, Not(HasSubstr(kSecret)));
  for (const auto& ev : r.evidence) EXPECT_THAT(ev.detail, Not(HasSubstr(kSecret)));
}

TEST_F(SecretTrafficTest, RequiredThroughTheRegistry) {
  auto e = signed_upload(1);
  e.fields.push_back(mock::text_field("api_secret", kSecret));
  journal_ = {e};
  const CheckDefinition* def = find_check("secret.traffic");
  ASSERT_NE(def, nullptr);
  auto r = run_check(*def, CheckInput{manifest_, journal_, steps_, accounts_, secrets_});
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(r.level, "required");
}

}  // namespace
}  // namespace cldcert

namespace cldcert {
namespace {

// The runner judges the journal as the bundle keeps it, secrets already replaced by the marker.
TEST(SecretTrafficRedacted, TheRedactionMarkerIsTheLeakButNotInAdminBasicAuth) {
  testing_support::Evidence ev;
  ev.step("list");
  auto& admin = ev.request("GET", "/v1_1/alpha/resources/image");
  admin.api = "admin";
  admin.headers = {{"Authorization", "Basic [REDACTED]"}};
  EXPECT_EQ(ev.run(&check_secret_traffic).verdict, Verdict::kPass);
  ev.upload().fields.push_back(mock::text_field("context", "api_secret=[REDACTED]"));
  auto r = ev.run(&check_secret_traffic);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, ::testing::HasSubstr("form field 'context'"));
}

}  // namespace
}  // namespace cldcert
