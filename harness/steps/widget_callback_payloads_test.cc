#include "harness/steps/widget_callback_payloads.h"

#include <gtest/gtest.h>

namespace cldcert {
namespace {

mock::Asset asset(const std::string& public_id, const std::string& resource_type, std::int64_t version,
                  const std::string& type = "upload") {
  mock::Asset a;
  a.public_id = public_id;
  a.resource_type = resource_type;
  a.type = type;
  a.version = version;
  a.format = resource_type == "raw" ? "" : resource_type == "image" ? "png" : "mp4";
  return a;
}

TEST(AssetToInsert, PicksAPublicImageFirstThenTheNewest) {
  std::vector<mock::Asset> assets = {asset("clip", "video", 30), asset("old", "image", 10),
                                     asset("secret", "image", 40, "private"), asset("new", "image", 20)};
  assets.push_back(asset("gated", "image", 50));
  assets.back().access_mode = "authenticated";
  EXPECT_EQ(asset_to_insert(assets)->public_id, "new");
  EXPECT_EQ(asset_to_insert({asset("clip", "video", 30), asset("doc.pdf", "raw", 40)})->public_id, "clip");
  EXPECT_FALSE(asset_to_insert({asset("secret", "image", 40, "private")}).has_value());
  EXPECT_FALSE(asset_to_insert({}).has_value());
}

TEST(WidgetCallbackPayloads, TheSameAssetAsTheMediaLibraryAndTheUploadWidgetHandItOver) {
  mock::Cloud cloud;
  cloud.cloud_name = "alpha";
  cloud.api_key = "123";
  cloud.api_secret = "shh";
  auto payloads = widget_callback_payloads(cloud, asset("shop/shoe", "image", 17));
  const std::string secure = "https://res.cloudinary.com/alpha/image/upload/v17/shop/shoe.png";
  EXPECT_EQ(payloads["asset"], (nlohmann::json{{"cloud", "alpha"},
                                               {"public_id", "shop/shoe"},
                                               {"resource_type", "image"},
                                               {"type", "upload"},
                                               {"secure_url", secure}}));
  const auto& inserted = payloads["media_library"]["assets"];
  ASSERT_EQ(inserted.size(), 1u);
  EXPECT_EQ(inserted[0]["public_id"], "shop/shoe");
  EXPECT_EQ(inserted[0]["secure_url"], secure);
  EXPECT_EQ(inserted[0]["url"], "http://res.cloudinary.com/alpha/image/upload/v17/shop/shoe.png");
  EXPECT_EQ(inserted[0]["format"], "png");
  EXPECT_EQ(payloads["upload_widget"]["event"], "success");
  EXPECT_EQ(payloads["upload_widget"]["info"]["secure_url"], secure);
  EXPECT_EQ(payloads["upload_widget"]["info"]["version"], 17);
  EXPECT_EQ(payloads.dump().find("shh"), std::string::npos) << "the secret never reaches the page";
}

}  // namespace
}  // namespace cldcert
