#include "harness/checks/callback_effects.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cldcert {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* kUrl = "https://res.cloudinary.com/alpha/image/upload/v17/shop/shoe.png";

// A Media Library insert of alpha's image shop/shoe that the page handled well: shown and loaded, kept in a field.
FiredCallback handled() {
  FiredCallback f;
  f.page_url = "file:///work/media.html";
  f.asset = {"alpha", "shop/shoe", "image", "upload", kUrl};
  f.record = {{"widget", "media_library"},
              {"callback", "insertHandler"},
              {"shown", true},
              {"error", nullptr},
              {"rendered", json::array({{{"tag", "img"}, {"attribute", "src"}, {"value", kUrl}}})},
              {"fields", json::array({{{"tag", "input"},
                                       {"name", "cloudinary_assets"},
                                       {"id", ""},
                                       {"type", "hidden"},
                                       {"value", R"([{"public_id":"shop/shoe"}])"}}})},
              {"requests", json::array({{{"method", "GET"}, {"url", kUrl}, {"status", 200}}})},
              {"errors", json::array()}};
  return f;
}

void render(FiredCallback& f, const std::string& url, int status) {
  f.record["rendered"] = json::array({{{"tag", "img"}, {"attribute", "src"}, {"value", url}}});
  f.record["requests"] = json::array({{{"method", "GET"}, {"url", url}, {"status", status}}});
}

TEST(CallbackEffects, TheAssetShownOverHttpsLoadedAndKeptInAFieldIsRight) {
  auto effects = judge_callback_effects(handled());
  EXPECT_THAT(effects.problems, IsEmpty());
  EXPECT_THAT(effects.rendered, ElementsAre(kUrl));
  EXPECT_EQ(effects.kept_in, "form field cloudinary_assets");
}

TEST(CallbackEffects, TransformationsAndASrcsetOfTheSameAssetAreRight) {
  auto f = handled();
  std::string small = "https://res.cloudinary.com/alpha/image/upload/c_scale,w_200/f_auto/v17/shop/shoe.png";
  f.record["rendered"] = json::array({{{"tag", "img"}, {"attribute", "srcset"}, {"value", small + " 200w"}}});
  f.record["requests"] = json::array({{{"method", "GET"}, {"url", small}, {"status", 200}}});
  EXPECT_THAT(judge_callback_effects(f).problems, IsEmpty());
}

TEST(CallbackEffects, HttpAnotherCloudResourceTypeOrDeliveryTypeIsWrong) {
  auto f = handled();
  render(f, "http://res.cloudinary.com/alpha/image/upload/v17/shop/shoe.png", 200);
  EXPECT_THAT(
      judge_callback_effects(f).problems,
      ElementsAre("renders http://res.cloudinary.com/alpha/image/upload/v17/shop/shoe.png over http, not https"));
  render(f, "https://res.cloudinary.com/demo/video/private/v17/shop/shoe.png", 200);
  auto problems = judge_callback_effects(f).problems;
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_THAT(problems[0], HasSubstr("cloud \"demo\", not the asset's \"alpha\""));
  EXPECT_THAT(problems[1], HasSubstr("resource type \"video\", not the asset's \"image\""));
  EXPECT_THAT(problems[2], HasSubstr("delivery type \"private\", not the asset's \"upload\""));
}

TEST(CallbackEffects, AnotherAssetOrNoneOrOneThatDoesNotLoadIsWrong) {
  auto f = handled();
  render(f, "https://res.cloudinary.com/alpha/image/upload/v17/sample.png", 200);
  EXPECT_THAT(judge_callback_effects(f).problems,
              ElementsAre(HasSubstr("public id \"sample\", not the asset's \"shop/shoe\"")));
  render(f, kUrl, 404);
  EXPECT_THAT(judge_callback_effects(f).problems, ElementsAre("loads " + std::string(kUrl) + ", which answered 404"));
  f.record["rendered"] = json::array({{{"tag", "img"}, {"attribute", "src"}, {"value", "file:///work/shoe.png"}}});
  EXPECT_THAT(judge_callback_effects(f).problems, ElementsAre(HasSubstr("renders no delivery URL of the asset")));
  f.record["rendered"] = json::array({{{"tag", "a"}, {"attribute", "href"}, {"value", kUrl}}});
  f.record["requests"] = json::array();
  EXPECT_THAT(judge_callback_effects(f).problems, ElementsAre("never loads the asset's delivery URL it shows"));
}

TEST(CallbackEffects, AReferenceSentToTheBackEndCountsButNotOneSentToCloudinary) {
  auto f = handled();
  f.record["fields"] = json::array();
  f.record["requests"].push_back(
      {{"method", "POST"}, {"url", "http://127.0.0.1:8080/save"}, {"post_data", "asset=shop%2Fshoe"}, {"status", 204}});
  auto effects = judge_callback_effects(f);
  EXPECT_THAT(effects.problems, IsEmpty());
  EXPECT_EQ(effects.kept_in, "request POST http://127.0.0.1:8080/save");

  f.record["requests"] = json::array({{{"method", "GET"}, {"url", kUrl}, {"status", 200}}});
  EXPECT_THAT(judge_callback_effects(f).problems,
              ElementsAre("keeps no reference to the asset: no form field took its public id \"shop/shoe\" and no "
                          "request carried it to the integration's back end"));
}

TEST(CallbackEffects, AThrowingHandlerOrAPageErrorIsWrongButConsoleMessagesAreNot) {
  auto f = handled();
  f.record["error"] = "data.assets is undefined";
  f.record["errors"] = json::array({"TypeError: x is null", "console: Failed to load resource"});
  EXPECT_THAT(judge_callback_effects(f).problems, ElementsAre("the insertHandler threw: data.assets is undefined",
                                                              "the page raised: TypeError: x is null"));
}

}  // namespace
}  // namespace cldcert
