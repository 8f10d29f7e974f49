#include "harness/checks/ua_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "harness/checks/check_test_support.h"
#include "harness/checks/registry.h"
#include "harness/manifest.h"

namespace cldcert {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* kRefplatUa = "CloudinaryRefplat/1.2.0 (Refplat 3.4.1) CloudinaryNodeJS/2.11.0 (Node 20.20.2)";

// A request as the mock journals it; only what the UA checks read is filled in.
mock::JournalEntry request(std::uint64_t id, const std::string& api, std::optional<std::string> user_agent) {
  mock::JournalEntry e;
  e.id = id;
  e.api = api;
  e.method = api == "delivery" ? "GET" : "POST";
  e.path = api == "delivery" ? "/demo/image/upload/sample.png" : "/v1_1/demo/image/upload";
  e.started_at = "2024-05-01T12:00:0" + std::to_string(id % 10) + ".000Z";
  e.headers.emplace_back("Host", "127.0.0.1");
  if (user_agent) e.headers.emplace_back("User-Agent", *user_agent);
  return e;
}

// The reference integration's manifest: Refplat 3.4.1, integration 1.2.0.
Manifest refplat_manifest() {
  Manifest m;
  m.integration_type = "refplat_connector";
  m.integration_name = "Refplat connector";
  m.integration_version = "1.2.0";
  m.platform_name = "Refplat";
  m.platform_version = "3.4.1";
  m.environment = "prod";
  return m;
}

class UserAgentCheckTest : public ::testing::Test {
 protected:
  // Through the registry, which fills the id (ua.format is required: its verdicts stay as they are).
  CheckResult format() { return run_check(*find_check("ua.format"), input()); }
  CheckResult sdk() { return check_ua_sdk(input()); }
  CheckInput input() { return CheckInput{manifest_, journal_, steps_, accounts_, {}}; }

  Manifest manifest_ = refplat_manifest();
  std::vector<mock::JournalEntry> journal_;
  std::vector<StepRecord> steps_;
  mock::Accounts accounts_;
};

std::vector<std::string> refs(const CheckResult& r) {
  std::vector<std::string> out;
  for (const auto& e : r.evidence) out.push_back(e.ref);
  return out;
}

// --- parse_partner_user_agent ---------------------------------------------------------------

TEST(ParsePartnerUserAgent, MagentoShapeFromTheChecklist) {
  auto ua = parse_partner_user_agent("CloudinaryMagento/2.1.0 (Magento 1.9.2.4) CloudinaryPHP/1.6.2");
  ASSERT_TRUE(ua.has_value());
  EXPECT_EQ(ua->platform_token, "Magento");
  EXPECT_EQ(ua->plugin_version, "2.1.0");
  EXPECT_EQ(ua->platform_comment, "Magento 1.9.2.4");
  EXPECT_EQ(ua->sdk_product, "CloudinaryPHP");
  EXPECT_EQ(ua->sdk_version, "1.6.2");
}

TEST(ParsePartnerUserAgent, NodeSdkWithItsOwnTrailingComment) {
  auto ua = parse_partner_user_agent(kRefplatUa);
  ASSERT_TRUE(ua.has_value());
  EXPECT_EQ(ua->platform_token, "Refplat");
  EXPECT_EQ(ua->plugin_version, "1.2.0");
  EXPECT_EQ(ua->platform_comment, "Refplat 3.4.1");
  EXPECT_EQ(ua->sdk_product, "CloudinaryNodeJS");
  EXPECT_EQ(ua->sdk_version, "2.11.0");  // not "2.11.0 (Node 20.20.2)"
}

TEST(ParsePartnerUserAgent, WordPressStyle) {
  auto ua = parse_partner_user_agent("CloudinaryWordPress/3.1.0 (WordPress 6.4.2) CloudinaryPHP/2.12.0 (PHP 8.2.1)");
  ASSERT_TRUE(ua.has_value());
  EXPECT_EQ(ua->platform_token, "WordPress");
  EXPECT_EQ(ua->plugin_version, "3.1.0");
  EXPECT_EQ(ua->platform_comment, "WordPress 6.4.2");
  EXPECT_EQ(ua->sdk_product, "CloudinaryPHP");
  EXPECT_EQ(ua->sdk_version, "2.12.0");
}

TEST(ParsePartnerUserAgent, PreReleaseVersionsAndDottedPlatformNames) {
  auto ua = parse_partner_user_agent("CloudinaryAcme.CMS/2.0.0-rc.1+build.5 (Acme.CMS 7.0) CloudinaryPHP/2.12.0");
  ASSERT_TRUE(ua.has_value());
  EXPECT_EQ(ua->platform_token, "Acme.CMS");
  EXPECT_EQ(ua->plugin_version, "2.0.0-rc.1+build.5");
  EXPECT_EQ(ua->platform_comment, "Acme.CMS 7.0");
}

TEST(ParsePartnerUserAgent, RefusesWhatIsNotThePartnerShape) {
  for (const char* ua : {
           "",                                                         // nothing
           "CloudinaryNodeJS/2.11.0 (Node 20.20.2)",                   // the bare SDK, no platform prefix
           "CloudinaryPHP/1.6.2",                                      // bare SDK, no comment
           "CloudinaryMagento/2.1.0 CloudinaryPHP/1.6.2",              // no (Platform version)
           "CloudinaryMagento/2.1.0 (Magento 1.9.2.4)",                // no SDK token after it
           "Magento/2.1.0 (Magento 1.9.2.4) CloudinaryPHP/1.6.2",      // no Cloudinary prefix
           "CloudinaryMagento (Magento 1.9.2.4) CloudinaryPHP/1.6.2",  // no plugin version
           "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",       // a browser
           "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
           " CloudinaryMagento/2.1.0 (Magento 1.9.2.4) CloudinaryPHP/1.6.2",  // must start the header
       }) {
    EXPECT_FALSE(parse_partner_user_agent(ua).has_value()) << "'" << ua << "'";
  }
}

// --- sdk_token --------------------------------------------------------------------------------

TEST(SdkToken, FindsTheKnownSdkWhereverItStands) {
  EXPECT_EQ(sdk_token("CloudinaryMagento/2.1.0 (Magento 1.9.2.4) CloudinaryPHP/1.6.2"), "CloudinaryPHP/1.6.2");
  EXPECT_EQ(sdk_token(kRefplatUa), "CloudinaryNodeJS/2.11.0");
  EXPECT_EQ(sdk_token("CloudinaryNodeJS/2.11.0 (Node 20.20.2)"), "CloudinaryNodeJS/2.11.0");
  EXPECT_EQ(sdk_token("curl/8.5.0 CloudinaryPython/1.36.0 (Python 3.11.4)"), "CloudinaryPython/1.36.0");
}

TEST(SdkToken, NoneForUnknownProductsOrPlatformTokens) {
  EXPECT_EQ(sdk_token(""), std::nullopt);
  EXPECT_EQ(sdk_token("CloudinaryRefplat/1.2.0 (Refplat 3.4.1) AcmeHttp/1.0"), std::nullopt);
  EXPECT_EQ(sdk_token("Mozilla/5.0 (X11; Linux x86_64)"), std::nullopt);
  // The product must be the whole token, not a part of a longer one.
  EXPECT_EQ(sdk_token("NotCloudinaryPHP/1.6.2"), std::nullopt);
  EXPECT_EQ(sdk_token("CloudinaryPHPX/1.6.2"), std::nullopt);
  // A product name without a version is not a token.
  EXPECT_EQ(sdk_token("CloudinaryPHP"), std::nullopt);
}

// --- check_ua_format --------------------------------------------------------------------------

TEST_F(UserAgentCheckTest, FormatPassesWhenEveryApiRequestHasThePartnerUserAgent) {
  journal_ = {request(1, "upload", kRefplatUa), request(2, "admin", kRefplatUa),
              request(3, "provisioning", kRefplatUa)};
  auto r = format();
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_EQ(r.id, "ua.format");
  EXPECT_THAT(r.message, HasSubstr(kRefplatUa));
  EXPECT_THAT(r.message, HasSubstr("3 API request(s)"));
  EXPECT_THAT(r.evidence, IsEmpty());
  EXPECT_THAT(r.expected, HasSubstr("CloudinaryRefplat/1.2.0 (Refplat 3.4.1)"));
}

TEST_F(UserAgentCheckTest, FormatFailsWithoutThePlatformPrefix) {
  journal_ = {request(1, "upload", kRefplatUa), request(2, "upload", "CloudinaryNodeJS/2.11.0 (Node 20.20.2)"),
              request(3, "admin", "CloudinaryNodeJS/2.11.0 (Node 20.20.2)")};
  auto r = format();
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("2 of 3 API request(s)"));
  EXPECT_THAT(r.message, HasSubstr("not of the form Cloudinary<Platform>/<version>"));
  EXPECT_THAT(r.seen, HasSubstr("'CloudinaryNodeJS/2.11.0 (Node 20.20.2)'"));
  EXPECT_THAT(refs(r), ElementsAre("journal:2", "journal:3"));
  for (const auto& e : r.evidence) EXPECT_EQ(e.kind, "request");
  EXPECT_EQ(r.near_miss, "CloudinaryRefplat/1.2.0 (Refplat 3.4.1) CloudinaryNodeJS/2.11.0");
  EXPECT_THAT(r.hint, HasSubstr("CloudinaryRefplat/1.2.0 (Refplat 3.4.1)"));
}

TEST_F(UserAgentCheckTest, FormatFailsOnAnotherPluginVersion) {
  journal_ = {request(4, "upload", "CloudinaryRefplat/1.1.9 (Refplat 3.4.1) CloudinaryNodeJS/2.11.0 (Node 20.20.2)")};
  auto r = format();
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("integration version 1.1.9 differs from the manifest's 1.2.0"));
  EXPECT_THAT(refs(r), ElementsAre("journal:4"));
  EXPECT_EQ(r.near_miss, "CloudinaryRefplat/1.2.0 (Refplat 3.4.1) CloudinaryNodeJS/2.11.0");
}

TEST_F(UserAgentCheckTest, FormatFailsOnAnotherPlatformVersion) {
  journal_ = {request(7, "admin", "CloudinaryRefplat/1.2.0 (Refplat 3.4.0) CloudinaryNodeJS/2.11.0 (Node 20.20.2)")};
  auto r = format();
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("'(Refplat 3.4.0)' should be '(Refplat 3.4.1)'"));
  EXPECT_THAT(refs(r), ElementsAre("journal:7"));
}

TEST_F(UserAgentCheckTest, FormatFailsOnAnotherPlatformToken) {
  manifest_.platform_name = "Magento";
  manifest_.platform_version = "1.9.2.4";
  manifest_.integration_version = "2.1.0";
  journal_ = {request(2, "upload", "CloudinaryMagento2/2.1.0 (Magento 1.9.2.4) CloudinaryPHP/1.6.2")};
  auto r = format();
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("platform token 'CloudinaryMagento2' should be 'CloudinaryMagento'"));
  EXPECT_THAT(refs(r), ElementsAre("journal:2"));
  EXPECT_EQ(r.near_miss, "CloudinaryMagento/2.1.0 (Magento 1.9.2.4) CloudinaryPHP/1.6.2");
}

// A display name with spaces: the token leaves them out, the comment keeps them (issue 14: such a
// partner could never pass T2 when the manifest refused the name).
TEST_F(UserAgentCheckTest, APlatformNameWithSpacesPassesWhenItsUserAgentFollowsTheRule) {
  manifest_.platform_name = "Adobe Commerce";
  manifest_.platform_version = "2.4.6";
  journal_ = {request(1, "upload", "CloudinaryAdobeCommerce/1.2.0 (Adobe Commerce 2.4.6) CloudinaryPHP/2.9.0")};
  auto r = format();
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.expected, HasSubstr("CloudinaryAdobeCommerce/1.2.0 (Adobe Commerce 2.4.6)"));
  // The comment must still carry the display name as written.
  journal_ = {request(2, "upload", "CloudinaryAdobeCommerce/1.2.0 (AdobeCommerce 2.4.6) CloudinaryPHP/2.9.0"),
              request(3, "upload", "CloudinaryAdobe Commerce/1.2.0 (Adobe Commerce 2.4.6) CloudinaryPHP/2.9.0")};
  r = format();
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("'(AdobeCommerce 2.4.6)' should be '(Adobe Commerce 2.4.6)'"));
  EXPECT_THAT(r.message, HasSubstr("not of the form"));
  EXPECT_EQ(r.near_miss, "CloudinaryAdobeCommerce/1.2.0 (Adobe Commerce 2.4.6) CloudinaryPHP/2.9.0");
}

TEST_F(UserAgentCheckTest, FormatFailsWithoutAUserAgentHeader) {
  journal_ = {request(1, "upload", kRefplatUa), request(5, "upload", std::nullopt)};
  auto r = format();
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("no User-Agent header"));
  EXPECT_THAT(r.message, HasSubstr("1 of 2 API request(s)"));
  EXPECT_THAT(refs(r), ElementsAre("journal:5"));
  // No SDK to borrow from the offending request: the near miss names the slot.
  EXPECT_EQ(r.near_miss, "CloudinaryRefplat/1.2.0 (Refplat 3.4.1) <SDK>/<version>");
}

TEST_F(UserAgentCheckTest, FormatGroupsOffendersByUserAgentAndNamesEachReason) {
  journal_ = {request(1, "upload", "CloudinaryNodeJS/2.11.0 (Node 20.20.2)"), request(2, "upload", std::nullopt),
              request(3, "admin", "CloudinaryNodeJS/2.11.0 (Node 20.20.2)"), request(4, "upload", kRefplatUa)};
  auto r = format();
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("3 of 4 API request(s)"));
  EXPECT_THAT(r.seen, AllOf(HasSubstr("no User-Agent header) on 1 request(s)"),
                            HasSubstr("not of the form Cloudinary<Platform>/<version> (<Platform> <version>) "
                                      "<SDK>/<version>) on 2 request(s)")));
  EXPECT_THAT(refs(r), ::testing::UnorderedElementsAre("journal:1", "journal:2", "journal:3"));
  EXPECT_THAT(refs(r), Not(::testing::Contains("journal:4")));
}

TEST_F(UserAgentCheckTest, FormatKeepsEvidenceShortForManyIdenticalOffenders) {
  for (std::uint64_t id = 1; id <= 10; ++id) journal_.push_back(request(id, "upload", "AcmeHttp/1.0"));
  auto r = format();
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("10 of 10"));
  EXPECT_THAT(refs(r), ElementsAre("journal:1", "journal:2", "journal:3"));
}

TEST_F(UserAgentCheckTest, FormatIgnoresDeliveryRequests) {
  // Browsers fetch delivery URLs with their own User-Agent; T2 is about API calls.
  journal_ = {request(1, "upload", kRefplatUa), request(2, "delivery", "Mozilla/5.0 (X11; Linux x86_64)"),
              request(3, "delivery", std::nullopt), request(4, "control", std::nullopt)};
  auto r = format();
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("1 API request(s)"));
}

TEST_F(UserAgentCheckTest, FormatSkipsWithoutApiRequests) {
  journal_ = {request(1, "delivery", "Mozilla/5.0"), request(2, "control", std::nullopt)};
  auto r = format();
  EXPECT_EQ(r.verdict, Verdict::kSkip);
  EXPECT_EQ(r.id, "ua.format");
  EXPECT_THAT(r.message, HasSubstr("no Cloudinary API request"));
  journal_.clear();
  EXPECT_EQ(format().verdict, Verdict::kSkip);
}

// --- check_ua_sdk -----------------------------------------------------------------------------

TEST_F(UserAgentCheckTest, SdkPassesForTheNodeSdk) {
  journal_ = {request(1, "upload", kRefplatUa), request(2, "admin", kRefplatUa)};
  auto r = sdk();
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_EQ(r.seen, "CloudinaryNodeJS/2.11.0");
  EXPECT_THAT(r.message, HasSubstr("CloudinaryNodeJS/2.11.0"));
}

TEST_F(UserAgentCheckTest, SdkPassesForThePhpSdk) {
  journal_ = {request(1, "upload", "CloudinaryWordPress/3.1.0 (WordPress 6.4.2) CloudinaryPHP/2.12.0 (PHP 8.2.1)")};
  auto r = sdk();
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_EQ(r.seen, "CloudinaryPHP/2.12.0");
}

TEST_F(UserAgentCheckTest, SdkFailsOnACustomHttpClient) {
  journal_ = {request(1, "upload", kRefplatUa),
              request(2, "upload", "CloudinaryRefplat/1.2.0 (Refplat 3.4.1) AcmeHttp/1.0"),
              request(3, "delivery", "Mozilla/5.0")};
  auto r = sdk();
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.seen, HasSubstr("AcmeHttp/1.0"));
  EXPECT_THAT(r.message, HasSubstr("not made through a Cloudinary SDK"));
  EXPECT_THAT(refs(r), ElementsAre("journal:2"));
  EXPECT_THAT(r.hint, Not(IsEmpty()));
}

TEST_F(UserAgentCheckTest, SdkFailsWithoutAUserAgent) {
  journal_ = {request(9, "admin", std::nullopt)};
  auto r = sdk();
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(r.seen, "no User-Agent");
  EXPECT_THAT(refs(r), ElementsAre("journal:9"));
}

TEST_F(UserAgentCheckTest, SdkSkipsWithoutApiRequests) {
  journal_ = {request(1, "delivery", "AcmeHttp/1.0")};
  auto r = run_check(*find_check("ua.sdk"), input());
  EXPECT_EQ(r.verdict, Verdict::kSkip);
  EXPECT_EQ(r.id, "ua.sdk");
}

TEST_F(UserAgentCheckTest, ThroughTheRegistryACustomClientIsOnlyAWarning) {
  journal_ = {request(1, "upload", "CloudinaryRefplat/1.2.0 (Refplat 3.4.1) AcmeHttp/1.0")};
  const CheckDefinition* def = find_check("ua.sdk");
  ASSERT_NE(def, nullptr);
  ASSERT_EQ(def->level, "recommended");
  auto r = run_check(*def, input());
  EXPECT_EQ(r.verdict, Verdict::kWarn);
  EXPECT_EQ(r.id, "ua.sdk");
  EXPECT_EQ(r.level, "recommended");
  EXPECT_THAT(r.seen, HasSubstr("AcmeHttp/1.0"));
  // The same request's format is right, and ua.format is required: its verdict stays as is.
  auto format_result = run_check(*find_check("ua.format"), input());
  EXPECT_EQ(format_result.verdict, Verdict::kPass) << format_result.message;
  EXPECT_EQ(format_result.level, "required");
}

TEST_F(UserAgentCheckTest, ThroughTheRegistryAWrongFormatStaysAFailure) {
  journal_ = {request(1, "upload", "CloudinaryNodeJS/2.11.0 (Node 20.20.2)")};
  auto r = run_check(*find_check("ua.format"), input());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(r.level, "required");
}

}  // namespace
}  // namespace cldcert

namespace cldcert {

TEST(UserAgentChecks, HugeUserAgentIsRefusedNotACrash) {
  std::string huge = "CloudinaryRefplat/1.2.0 (Refplat 3.4.1) CloudinaryNodeJS/2.11.0 " + std::string(200000, 'x');
  EXPECT_FALSE(parse_partner_user_agent(huge).has_value());
  EXPECT_EQ(sdk_token(huge), std::optional<std::string>("CloudinaryNodeJS/2.11.0"));
}

}  // namespace cldcert

namespace cldcert {
namespace {

TEST(UaConsistent, OneUserAgentPassesASecondOneFailsNamingIt) {
  testing_support::Evidence ev;
  ev.step("upload");
  ev.upload();
  ev.step("delete");
  ev.upload();
  EXPECT_EQ(ev.run(&check_ua_consistent).verdict, Verdict::kPass);
  auto& other = ev.upload();
  other.headers = {{"User-Agent", "CloudinaryRefplat/1.2.0 (Refplat 3.4.1) CloudinaryNodeJS/2.10.0"}};
  auto r = ev.run(&check_ua_consistent);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, ::testing::HasSubstr("1 of 3 API request(s) carry a different User-Agent"));
  EXPECT_THAT(r.message, ::testing::HasSubstr("CloudinaryNodeJS/2.10.0"));
  EXPECT_EQ(r.near_miss, "CloudinaryRefplat/1.2.0 (Refplat 3.4.1) CloudinaryNodeJS/2.11.0");
}

TEST(UaConsistent, SkipsWithFewerThanTwoRequests) {
  testing_support::Evidence ev;
  ev.step("upload");
  ev.upload();
  EXPECT_EQ(ev.run(&check_ua_consistent).verdict, Verdict::kSkip);
}

// --- ua.version (P4 where the traffic is)

TEST_F(UserAgentCheckTest, VersionPassesWhenEveryPartnerUserAgentHasSemVer) {
  journal_ = {request(1, "upload", kRefplatUa), request(2, "admin", kRefplatUa)};
  auto r = check_ua_version(input());
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("2 API request(s) with the partner User-Agent"));
}

TEST_F(UserAgentCheckTest, VersionNamesEachVersionThatIsNotSemVer) {
  // A 'v' prefix and a two-part version: the manifest may say the same (ua.format then passes).
  journal_ = {request(1, "upload", "CloudinaryRefplat/v1.2.0 (Refplat 3.4.1) CloudinaryNodeJS/2.11.0"),
              request(2, "upload", "CloudinaryRefplat/1.2 (Refplat 3.4.1) CloudinaryNodeJS/2.11.0"),
              request(3, "upload", kRefplatUa), request(4, "upload", "CloudinaryRefplat/1.2 (Refplat 3.4.1) X/1")};
  auto r = check_ua_version(input());
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("3 of 4 API request(s) with the partner User-Agent"));
  ASSERT_EQ(r.evidence.size(), 2u);  // each version once
  EXPECT_THAT(r.seen, HasSubstr("version 'v1.2.0' on POST /v1_1/demo/image/upload"));
  EXPECT_EQ(r.evidence[0].ref, "journal:1");
  EXPECT_EQ(r.evidence[1].ref, "journal:2");
}

TEST_F(UserAgentCheckTest, VersionLeavesUserAgentsWithoutThePartnerShapeToUaFormat) {
  journal_ = {request(1, "upload", "CloudinaryNodeJS/2.11.0"), request(2, "upload", std::nullopt)};
  EXPECT_EQ(check_ua_version(input()).verdict, Verdict::kSkip);
  journal_.clear();
  EXPECT_EQ(check_ua_version(input()).verdict, Verdict::kSkip);
}

}  // namespace
}  // namespace cldcert
