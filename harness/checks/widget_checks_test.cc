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

TEST(WidgetIntegrationParam, NotApplicableWithoutAMediaLibraryTheManifestDeclares) {
  Browse b;
  b.call("upload_widget", "createUploadWidget", json::array({json::object()}));
  auto r = b.run(&check_widget_integration_param);
  EXPECT_EQ(r.verdict, Verdict::kNotApplicable);
  EXPECT_EQ(r.message, "the manifest does not declare media_library_widget: the integration offers no Media Library");
  Browse declared;
  declared.ev.manifest().capabilities.insert("media_library_widget");
  EXPECT_EQ(declared.run(&check_widget_integration_param).verdict, Verdict::kFail);
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
  Browse declared;  // declared but never created: widget.media_library fails it, SSO has nothing to judge
  declared.ev.manifest().capabilities.insert("media_library_widget");
  EXPECT_EQ(declared.run(&check_widget_media_library_sso).verdict, Verdict::kSkip);
}

TEST(WidgetMediaLibrarySso, NotApplicableWithoutAMediaLibrary) {
  Browse b;
  EXPECT_EQ(b.run(&check_widget_media_library_sso).verdict, Verdict::kNotApplicable);
}

// The Media Library options of the logged-in cloud, with its own API key.
json ml_options_of(Browse& b) {
  json options = ml_options();
  options["cloud_name"] = b.cloud();
  options["api_key"] = b.ev.accounts().accounts[0].clouds[0].api_key;
  return options;
}

TEST(WidgetMediaLibrary, TheLoggedInCloudAndItsKeyPass) {
  Browse b;
  b.call("media_library", "createMediaLibrary",
         json::array({ml_options_of(b), {{"insertHandler", {{"$function", "i"}}}}}));
  json without_key = ml_options_of(b);
  without_key.erase("api_key");  // optional in the current API reference
  b.call("media_library", "openMediaLibrary", json::array({without_key}));
  auto r = b.run(&check_widget_media_library);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("2 Media Library configuration(s)"));
}

TEST(WidgetMediaLibrary, AnotherKeyOrCloudOrASecretOptionFails) {
  Browse b;
  const std::string key = b.ev.accounts().accounts[0].clouds[0].api_key;
  json sample_key = ml_options_of(b);
  sample_key["api_key"] = "1234567890";
  b.call("media_library", "createMediaLibrary", json::array({sample_key}));
  json other_cloud = ml_options_of(b);
  other_cloud["cloud_name"] = "demo";
  b.call("media_library", "createMediaLibrary", json::array({other_cloud}));
  json secret = ml_options_of(b);
  secret["api_secret"] = "x";
  b.call("media_library", "createMediaLibrary", json::array({secret}));
  json no_cloud = ml_options_of(b);
  no_cloud.erase("cloud_name");
  no_cloud["api_key"] = 12;
  b.call("media_library", "openMediaLibrary", json::array({no_cloud}));
  auto r = b.run(&check_widget_media_library);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(r.near_miss, "api_key: \"" + key + "\"");
  for (const std::string& part :
       {std::string("4 of 4 Media Library configuration(s)"),
        "api_key \"1234567890\" is not the API key of the logged-in cloud \"" + b.cloud(),
        std::string("cloud_name is \"demo\", not the logged-in cloud"), std::string("the options carry 'api_secret'"),
        std::string("no cloud_name option"), std::string("api_key is a number, not a string")}) {
    EXPECT_THAT(r.message, HasSubstr(part));
  }
}

TEST(WidgetMediaLibrary, NotApplicableUnlessDeclaredOrEmbedded) {
  Browse b;
  b.call("upload_widget", "createUploadWidget", json::array({json::object()}));
  EXPECT_EQ(b.run(&check_widget_media_library).verdict, Verdict::kNotApplicable);
  Browse declared;
  declared.ev.manifest().capabilities.insert("media_library_widget");
  auto r = declared.run(&check_widget_media_library);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message,
              HasSubstr("the manifest declares media_library_widget, but no widget page created a Media Library"));
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

TEST(WidgetVideoPlayer, NotApplicableWithoutAPlayerUnlessTheManifestDeclaresOne) {
  Browse b;
  auto na = b.run(&check_widget_video_player);
  EXPECT_EQ(na.verdict, Verdict::kNotApplicable);
  EXPECT_EQ(na.message, "the manifest does not declare video_player: the integration offers no Video Player");
  Browse declared;
  declared.ev.manifest().capabilities.insert("video_player");
  auto r = declared.run(&check_widget_video_player);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("the manifest declares video_player, but no widget page created a Video Player"));
}

// A browse that handed the callbacks the store's photo; `callback` is what the page did with it.
void fire(Browse& b, const std::string& widget, json callback) {
  std::string url = "https://res.cloudinary.com/" + b.cloud() + "/image/upload/v10/cldcert_widget_photo.png";
  b.callback_asset = {{"cloud", b.cloud()},
                      {"public_id", "cldcert_widget_photo"},
                      {"resource_type", "image"},
                      {"type", "upload"},
                      {"secure_url", url}};
  callback["widget"] = widget;
  if (!callback.contains("rendered")) {
    callback["rendered"] = json::array({{{"tag", "img"}, {"attribute", "src"}, {"value", url}}});
    callback["requests"] = json::array({{{"method", "GET"}, {"url", url}, {"status", 200}}});
  }
  b.page["callbacks"].push_back(std::move(callback));
}

json kept() { return json::array({{{"tag", "input"}, {"name", "asset"}, {"value", "cldcert_widget_photo"}}}); }

TEST(WidgetMediaLibraryInsert, AnInsertShownAndKeptPasses) {
  Browse b;
  b.call("media_library", "createMediaLibrary", json::array({ml_options(), {{"insertHandler", {{"$function", "f"}}}}}));
  fire(b, "media_library", {{"callback", "insertHandler"}, {"fields", kept()}});
  auto r = b.run(&check_widget_media_library_insert);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("1 Media Library insertHandler call(s), show the asset's delivery URL"));
}

TEST(WidgetMediaLibraryInsert, AnInsertShownOverHttpFailsWithTheSecureUrlAsNearMiss) {
  Browse b;
  b.call("media_library", "createMediaLibrary", json::array({ml_options(), json::object()}));
  std::string http = "http://res.cloudinary.com/" + b.cloud() + "/image/upload/v10/cldcert_widget_photo.png";
  fire(b, "media_library",
       {{"callback", "insertHandler"},
        {"fields", kept()},
        {"rendered", json::array({{{"tag", "img"}, {"attribute", "src"}, {"value", http}}})},
        {"requests", json::array({{{"method", "GET"}, {"url", http}, {"status", 200}}})}});
  auto r = b.run(&check_widget_media_library_insert);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("an insert on file:///work/w.html: renders " + http + " over http, not https"));
  EXPECT_THAT(r.near_miss, HasSubstr("<img src=\"https://res.cloudinary.com/"));
}

TEST(WidgetMediaLibraryInsert, AMediaLibraryWithoutAnInsertHandlerFails) {
  Browse b;
  b.call("media_library", "createMediaLibrary", json::array({ml_options()}));
  fire(b, "upload_widget", {{"callback", "callback"}, {"fields", kept()}});
  auto r = b.run(&check_widget_media_library_insert);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("no page hands a Media Library its insertHandler"));
}

TEST(WidgetMediaLibraryInsert, SkipsWithoutAnAssetAndIsNotApplicableWithoutTheWidget) {
  Browse b;
  b.call("media_library", "createMediaLibrary", json::array({ml_options()}));
  auto skipped = b.run(&check_widget_media_library_insert);
  EXPECT_EQ(skipped.verdict, Verdict::kSkip);
  EXPECT_THAT(skipped.message, HasSubstr("held no asset anyone may deliver"));
  Browse none;
  auto na = none.run(&check_widget_media_library_insert);
  EXPECT_EQ(na.verdict, Verdict::kNotApplicable);
  EXPECT_EQ(na.message, "the manifest does not declare media_library_widget: the integration offers no Media Library");
}

TEST(WidgetUploadWidgetSuccess, ASuccessShownAndKeptPassesAndOneNotKeptFails) {
  Browse ok;
  ok.call("upload_widget", "createUploadWidget", json::array({{{"cloudName", ok.cloud()}}, {{"$function", "f"}}}));
  fire(ok, "upload_widget", {{"callback", "callback"}, {"fields", kept()}});
  EXPECT_EQ(ok.run(&check_widget_upload_widget_success).verdict, Verdict::kPass);

  Browse bad;
  bad.call("upload_widget", "createUploadWidget", json::array({{{"cloudName", bad.cloud()}}, {{"$function", "f"}}}));
  fire(bad, "upload_widget", {{"callback", "callback"}, {"fields", json::array()}});
  auto r = bad.run(&check_widget_upload_widget_success);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("an upload success on file:///work/w.html: keeps no reference to the asset"));
}

}  // namespace
}  // namespace cldcert
