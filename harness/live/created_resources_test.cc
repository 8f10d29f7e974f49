#include "harness/live/created_resources.h"

#include <gtest/gtest.h>

namespace cldcert::live {
namespace {

using Kind = CreatedResource::Kind;

mock::JournalEntry answered(std::string api, std::string action, int status, std::string body) {
  mock::JournalEntry entry;
  entry.api = std::move(api);
  entry.action = std::move(action);
  entry.cloud = "demo";
  entry.resource_type = "auto";
  entry.status = status;
  entry.response_body = std::move(body);
  return entry;
}

TEST(CreatedBy, AnUploadsAnswerNamesItsAsset) {
  auto created =
      created_by(answered("upload", "upload", 200, R"({"public_id":"cat","resource_type":"video","type":"private"})"));
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0], (CreatedResource{Kind::kAsset, "demo", "video", "private", "cat"}));
  EXPECT_EQ(describe(created[0]), "video/private 'cat' in cloud demo");
}

TEST(CreatedBy, RefusalsDestroysAndUnfinishedChunksCreateNothing) {
  EXPECT_TRUE(created_by(answered("upload", "upload", 401, R"({"public_id":"cat"})")).empty());
  EXPECT_TRUE(created_by(answered("upload", "destroy", 200, R"({"public_id":"cat","result":"ok"})")).empty());
  EXPECT_TRUE(created_by(answered("upload", "upload", 200, R"({"done":false})")).empty());
  EXPECT_TRUE(created_by(answered("upload", "upload", 200, "not json")).empty());
  auto unknown_cloud = answered("upload", "upload", 200, R"({"public_id":"cat"})");
  unknown_cloud.cloud.clear();
  EXPECT_TRUE(created_by(unknown_cloud).empty());
}

TEST(CreatedBy, AnAutoUploadWithoutAResourceTypeIsAnImageOfTypeUpload) {
  auto created = created_by(answered("upload", "upload", 200, R"({"public_id":"a/b"})"));
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0], (CreatedResource{Kind::kAsset, "demo", "image", "upload", "a/b"}));
}

TEST(CreatedBy, PresetsAndNamedTransformationsAreRecordedByName) {
  auto preset = answered("admin", "upload_presets.create", 200, R"({"message":"created","name":"p1"})");
  EXPECT_EQ(created_by(preset), (std::vector<CreatedResource>{{Kind::kUploadPreset, "demo", "", "", "p1"}}));

  auto by_field = answered("admin", "transformations.create", 200, R"({"message":"created"})");
  by_field.fields.push_back(mock::text_field("name", "thumb"));
  EXPECT_EQ(created_by(by_field),
            (std::vector<CreatedResource>{{Kind::kNamedTransformation, "demo", "", "", "thumb"}}));

  auto by_path = answered("admin", "transformations.create", 200, R"({"message":"created"})");
  by_path.path = "/v1_1/demo/transformations/small";
  EXPECT_EQ(created_by(by_path)[0].name, "small");
  EXPECT_TRUE(created_by(answered("admin", "upload_presets.create", 409, R"({"name":"p1"})")).empty());
}

TEST(CreatedResources, TakesEachOnceInOrder) {
  CreatedResources created;
  created.observe(answered("upload", "upload", 200, R"({"public_id":"one"})"));
  created.observe(answered("upload", "upload", 200, R"({"public_id":"two"})"));
  created.observe(answered("upload", "upload", 200, R"({"public_id":"one"})"));
  auto taken = created.take();
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_EQ(taken[0].name, "one");
  EXPECT_EQ(taken[1].name, "two");
  EXPECT_TRUE(created.take().empty());
}

// With --live-allow-nonempty the cloud holds the partner's assets: only what the run made is deleted.
TEST(CreatedResources, AnAssetThatWasThereBeforeIsNeverTheRuns) {
  CreatedResources created;
  created.observe(answered("upload", "explicit", 200, R"({"public_id":"partners"})"));
  created.observe(answered("upload", "upload", 200, R"({"public_id":"partners","existing":true})"));
  created.observe(answered("upload", "upload", 200, R"({"public_id":"partners","overwritten":true})"));
  auto renamed = answered("upload", "rename", 200, R"({"public_id":"partners-2"})");
  renamed.fields.push_back(mock::text_field("from_public_id", "partners"));
  created.observe(renamed);
  EXPECT_TRUE(created.take().empty());
}

TEST(CreatedResources, TheRunsOwnAssetIsFollowedThroughARename) {
  CreatedResources created;
  created.observe(answered("upload", "upload", 200, R"({"public_id":"mine"})"));
  auto renamed = answered("upload", "rename", 200, R"({"public_id":"mine-2","type":"private"})");
  renamed.fields.push_back(mock::text_field("from_public_id", "mine"));
  created.observe(renamed);
  EXPECT_EQ(created.take(), (std::vector<CreatedResource>{{Kind::kAsset, "demo", "image", "private", "mine-2"}}));
}

TEST(CreatedResources, TheListenerHearsEachResourceOnceAndARenamedAssetUnderItsNewName) {
  CreatedResources created;
  std::vector<CreatedResource> heard;
  created.on_learned([&](const CreatedResource& r) { heard.push_back(r); });
  created.observe(answered("upload", "upload", 200, R"({"public_id":"mine"})"));
  created.observe(answered("upload", "upload", 200, R"({"public_id":"mine"})"));  // the same again
  created.observe(answered("upload", "upload", 401, R"({"public_id":"refused"})"));
  created.add({Kind::kNamedTransformation, "demo", "", "", "t"});
  auto renamed = answered("upload", "rename", 200, R"({"public_id":"mine-2"})");
  renamed.fields.push_back(mock::text_field("from_public_id", "mine"));
  created.observe(renamed);
  auto someone_elses = answered("upload", "rename", 200, R"({"public_id":"theirs-2"})");
  someone_elses.fields.push_back(mock::text_field("from_public_id", "theirs"));
  created.observe(someone_elses);
  EXPECT_EQ(heard, (std::vector<CreatedResource>{{Kind::kAsset, "demo", "image", "upload", "mine"},
                                                 {Kind::kNamedTransformation, "demo", "", "", "t"},
                                                 {Kind::kAsset, "demo", "image", "upload", "mine-2"}}));
}

}  // namespace
}  // namespace cldcert::live
