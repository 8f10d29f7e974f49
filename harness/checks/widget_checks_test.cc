#include "harness/checks/widget_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/browse_test_support.h"
#include "harness/checks/check_test_support.h"
#include "mocks/digest.h"

namespace cldcert {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing_support::Browse;
using testing_support::Evidence;

json ml_options() {
  return {
      {"cloud_name", "alpha"},
      {"api_key", "123456789012345"},
      {"integration",
       {{"type", "cldcert_reference"}, {"platform", "Refplat 3.4.1"}, {"version", "1.2.0"}, {"environment", "dev"}}}};
}

TEST(WidgetIntegrationParam, PassesWithTheDocumentedFieldsMatchingTheManifest) {
  Browse b;
  b.call("media_library", "createMediaLibrary", json::array({ml_options(), json::object()}));
  b.call("media_library", "show", json::array());
  auto r = b.run(&check_widget_integration_param);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("1 Media Library configuration(s)"));
}

TEST(WidgetIntegrationParam, SkipsWithoutAMediaLibrary) {
  Browse b;
  b.call("upload_widget", "createUploadWidget", json::array({json::object()}));
  EXPECT_EQ(b.run(&check_widget_integration_param).verdict, Verdict::kSkip);
}

TEST(WidgetIntegrationParam, AMissingObjectFailsWithTheExpectedValueAsNearMiss) {
  Browse b;
  json options = ml_options();
  options.erase("integration");
  b.call("media_library", "openMediaLibrary", json::array({options}));
  auto r = b.run(&check_widget_integration_param);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message,
              HasSubstr("openMediaLibrary() on file:///work/w.html: the options have no integration object"));
  EXPECT_THAT(r.near_miss, HasSubstr("environment: prod|stag|dev"));
}

TEST(WidgetIntegrationParam, EachDeviationIsItsOwnMessage) {
  Browse b;
  json options = ml_options();
  options["integration"].erase("platform");
  options["integration"]["environment"] = "production";
  options["integration"]["version"] = "1.1.9";
  options["integration"]["type"] = 7;
  options["integration"]["cms"] = "x";
  b.call("media_library", "createMediaLibrary", json::array({options}));
  auto r = b.run(&check_widget_integration_param);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("1 of 1 Media Library configuration(s)"));
  EXPECT_THAT(r.message, HasSubstr("integration.platform is missing"));
  EXPECT_THAT(r.message, HasSubstr("integration.type is a number, not a string"));
  EXPECT_THAT(r.message, HasSubstr("undocumented field 'cms'"));
  EXPECT_THAT(r.message, HasSubstr("integration.environment is \"production\", not one of prod, stag, dev"));
  EXPECT_THAT(r.message,
              HasSubstr("integration.version is \"1.1.9\", but the manifest's integration version is \"1.2.0\""));
  EXPECT_EQ(r.evidence.size(), 5u);
}

TEST(WidgetIntegrationParam, ATypeOrPlatformThatDoesNotMatchTheManifestFails) {
  Browse b;
  json options = ml_options();
  options["integration"]["type"] = "wordpress_plugin";
  options["integration"]["platform"] = "Refplat";
  options["integration"]["version"] = "v1.2";
  b.call("media_library", "createMediaLibrary", json::array({options}));
  auto r = b.run(&check_widget_integration_param);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("integration.type is \"wordpress_plugin\""));
  EXPECT_THAT(r.message, HasSubstr("does not name the platform \"Refplat 3.4.1\""));
  EXPECT_THAT(r.message, HasSubstr("\"v1.2\" is not a SemVer version"));
}

TEST(WidgetIntegrationParam, APlatformNameWithSpacesIsNamedAsWrittenOrAsItsToken) {
  for (const char* platform : {"Adobe Commerce 2.4.6", "AdobeCommerce 2.4.6"}) {
    Browse b;
    b.ev.manifest().platform_name = "Adobe Commerce";
    b.ev.manifest().platform_version = "2.4.6";
    json options = ml_options();
    options["integration"]["platform"] = platform;
    b.call("media_library", "createMediaLibrary", json::array({options}));
    auto r = b.run(&check_widget_integration_param);
    EXPECT_EQ(r.verdict, Verdict::kPass) << platform << ": " << r.message;
  }
}

// The widget check and the manifest share one SemVer rule: a numeric pre-release with a leading
// zero is not SemVer 2.0.0 (§9), though a looser pattern once let it through here.
TEST(WidgetIntegrationParam, AVersionWithALeadingZeroPreReleaseIsNotSemVer) {
  Browse b;
  json options = ml_options();
  options["integration"]["version"] = "1.2.0-01";
  b.call("media_library", "createMediaLibrary", json::array({options}));
  auto r = b.run(&check_widget_integration_param);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("\"1.2.0-01\" is not a SemVer version"));
}

TEST(WidgetMediaLibrarySso, ASignatureOfTheCloudsSecretVerifiesAndAnyOtherFails) {
  Browse b;
  const auto& cloud = b.ev.accounts().accounts[0].clouds[0];
  std::string good =
      mock::sha256_hex("cloud_name=" + cloud.cloud_name + "&timestamp=1700000000&username=a@b.test" + cloud.api_secret);
  json options = ml_options();
  options["cloud_name"] = cloud.cloud_name;
  options["username"] = "a@b.test";
  options["timestamp"] = 1700000000;
  options["signature"] = good;
  b.call("media_library", "createMediaLibrary", json::array({options}));
  options["username"] = "other@b.test";
  b.call("media_library", "createMediaLibrary", json::array({options}));
  options.erase("signature");
  b.call("media_library", "createMediaLibrary", json::array({options}));
  auto r = b.run(&check_widget_media_library_sso);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("2 of 3 Media Library SSO configuration(s)"));
  EXPECT_THAT(r.message, HasSubstr("does not verify for user \"other@b.test\" at 1700000000"));
  EXPECT_THAT(r.message, HasSubstr("found no signature"));
}

TEST(WidgetMediaLibrarySso, SkipsWhenNoMediaLibrarySignsUsersIn) {
  Browse b;
  b.call("media_library", "createMediaLibrary", json::array({ml_options()}));
  EXPECT_EQ(b.run(&check_widget_media_library_sso).verdict, Verdict::kSkip);
}

TEST(WidgetUploadWidget, AnExistingUnsignedPresetPasses) {
  Browse b;
  b.call("upload_widget", "createUploadWidget",
         json::array({{{"cloudName", b.cloud()}, {"uploadPreset", "cldcert_unsigned"}}, {{"$function", "cb"}}}));
  auto r = b.run(&check_widget_upload_widget);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST(WidgetUploadWidget, ASignatureCallbackPassesWithoutAPreset) {
  Browse b;
  b.call("upload_widget", "openUploadWidget",
         json::array({{{"cloudName", b.cloud()}, {"apiKey", "1"}, {"uploadSignature", {{"$function", "sign"}}}}}));
  EXPECT_EQ(b.run(&check_widget_upload_widget).verdict, Verdict::kPass);
}

TEST(WidgetUploadWidget, AnApiSecretOptionFailsWhateverElseIsRight) {
  Browse b;
  b.call("upload_widget", "createUploadWidget",
         json::array({{{"cloudName", b.cloud()}, {"uploadPreset", "cldcert_unsigned"}, {"apiSecret", "x"}}}));
  auto r = b.run(&check_widget_upload_widget);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("the options carry 'apiSecret'"));
}

TEST(WidgetUploadWidget, PresetsThatAreMissingOrSignedFail) {
  Browse b;
  b.call("upload_widget", "createUploadWidget", json::array({{{"cloudName", b.cloud()}, {"uploadPreset", "nope"}}}));
  b.call("upload_widget", "createUploadWidget",
         json::array({{{"cloudName", b.cloud()}, {"uploadPreset", "cldcert_signed"}}}));
  b.call("upload_widget", "createUploadWidget", json::array({{{"cloudName", b.cloud()}}}));
  b.call("upload_widget", "createUploadWidget",
         json::array({{{"cloudName", "demo"}, {"uploadPreset", "cldcert_unsigned"}}}));
  auto r = b.run(&check_widget_upload_widget);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("4 of 4 Upload widget configuration(s)"));
  EXPECT_THAT(r.message, HasSubstr("cloudName is \"demo\", not the logged-in cloud"));
  EXPECT_THAT(r.message, HasSubstr("upload preset \"nope\" does not exist in cloud"));
  EXPECT_THAT(r.message, HasSubstr("\"cldcert_signed\" is a signed preset"));
  EXPECT_THAT(r.message, HasSubstr("neither an uploadPreset nor an uploadSignature callback"));
}

TEST(WidgetProductGallery, ExistingAssetsOfTheLoggedInCloudPass) {
  Browse b;
  b.call(
      "product_gallery", "galleryWidget",
      json::array({{{"cloudName", b.cloud()},
                    {"container", "#g"},
                    {"mediaAssets", json::array({{{"publicId", "cldcert_widget_photo"}},
                                                 {{"publicId", "cldcert_widget_clip"}, {"mediaType", "video"}}})}}}));
  auto r = b.run(&check_widget_product_gallery);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST(WidgetProductGallery, AnotherCloudOrAMissingAssetFails) {
  Browse b;
  b.call(
      "product_gallery", "galleryWidget",
      json::array({{{"cloudName", "demo"}, {"mediaAssets", json::array({{{"publicId", "cldcert_widget_photo"}}})}}}));
  b.call("product_gallery", "galleryWidget",
         json::array({{{"cloudName", b.cloud()}, {"mediaAssets", json::array({"ghost"})}}}));
  auto r = b.run(&check_widget_product_gallery);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("cloudName is \"demo\", not the logged-in cloud \"" + b.cloud() + "\""));
  EXPECT_THAT(r.message, HasSubstr("public id \"ghost\" is no image in cloud"));
  EXPECT_EQ(r.near_miss, "cloudName: \"" + b.cloud() + "\"");
}

TEST(WidgetProductGallery, UnknownOptionsOnlyWarn) {
  Browse b;
  b.call("product_gallery", "galleryWidget",
         json::array({{{"cloudName", b.cloud()},
                       {"carousel_location", "left"},
                       {"mediaAssets", json::array({{{"publicId", "cldcert_widget_photo"}}})}}}));
  auto r = b.run(&check_widget_product_gallery);
  EXPECT_EQ(r.verdict, Verdict::kWarn);
  EXPECT_THAT(r.message, HasSubstr("option 'carousel_location' is not one the widget documents"));
}

TEST(WidgetVideoPlayer, ThePlayerAndItsSourceAreJudged) {
  Browse ok;
  ok.call("video_player", "videoPlayer", json::array({"player", {{"cloudName", ok.cloud()}, {"muted", true}}}));
  ok.call("video_player", "source", json::array({"cldcert_widget_clip"}));
  EXPECT_EQ(ok.run(&check_widget_video_player).verdict, Verdict::kPass);

  Browse bad;
  bad.call("video_player", "videoPlayer", json::array({"player", {{"cloudName", bad.cloud()}, {"autoPlay", true}}}));
  bad.call("video_player", "source", json::array({{{"publicId", "cldcert_widget_photo"}}}));
  auto r = bad.run(&check_widget_video_player);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("public id \"cldcert_widget_photo\" is no video in cloud"));
}

TEST(WidgetVideoPlayer, SkipsWithoutAPlayerUnlessTheManifestDeclaresOne) {
  Browse b;
  EXPECT_EQ(b.run(&check_widget_video_player).verdict, Verdict::kSkip);
  Browse declared;
  declared.ev.manifest().capabilities.insert("video_player");
  auto r = declared.run(&check_widget_video_player);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("the manifest declares video_player, but no widget page created a Video Player"));
}

}  // namespace
}  // namespace cldcert
