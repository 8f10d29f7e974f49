#include "harness/live/live_cleanup.h"

#include <gtest/gtest.h>

#include "harness/live/live_test_support.h"
#include "mocks/mock_test_support.h"

namespace cldcert::live {
namespace {

using Kind = CreatedResource::Kind;
using live::testing_support::UpstreamCloud;
namespace ts = mock::testing_support;

class LiveCleanupTest : public ::testing::Test {
 protected:
  void upload(const std::string& public_id, const std::string& type = "upload") {
    auto answer =
        ts::post_upload(upstream_.mock(), cloud_, ts::signed_params({{"public_id", public_id}, {"type", type}}, cloud_),
                        ts::FilePart{"a.png", "image/png", ts::png_bytes(4, 4, 100 + public_id.size())});
    ASSERT_EQ(answer.status, 200) << answer.body;
  }
  std::size_t stored() { return upstream_.mock().store().list(cloud_.cloud_name).size(); }

  mock::Accounts accounts_ = mock::generate_accounts(31, 1, 1);
  const mock::Cloud& cloud_ = accounts_.accounts[0].clouds[0];
  UpstreamCloud upstream_{accounts_};
  UpstreamForwarder forwarder_{upstream_.config()};
};

TEST_F(LiveCleanupTest, DeletesAssetsOfEveryDeliveryTypePresetsAndTransformations) {
  upload("folder/one");
  upload("two", "private");
  upstream_.mock().store().put_preset(cloud_.cloud_name, {"made_by_run", true, nlohmann::json::object()});
  upstream_.mock().store().put_named_transformation(cloud_.cloud_name, "thumb", "w_100");
  ASSERT_EQ(stored(), 2u);
  std::vector<CreatedResource> created{{Kind::kAsset, cloud_.cloud_name, "image", "upload", "folder/one"},
                                       {Kind::kAsset, cloud_.cloud_name, "image", "private", "two"},
                                       {Kind::kUploadPreset, cloud_.cloud_name, "", "", "made_by_run"},
                                       {Kind::kNamedTransformation, cloud_.cloud_name, "", "", "thumb"}};
  EXPECT_TRUE(delete_created(forwarder_, accounts_, created).empty());
  EXPECT_EQ(stored(), 0u);
  EXPECT_FALSE(upstream_.mock().store().find_preset(cloud_.cloud_name, "made_by_run"));
  EXPECT_FALSE(upstream_.mock().store().find_named_transformation(cloud_.cloud_name, "thumb"));
}

TEST_F(LiveCleanupTest, WhatIsAlreadyGoneCountsAsDeleted) {
  std::vector<CreatedResource> created{{Kind::kAsset, cloud_.cloud_name, "image", "upload", "never-there"},
                                       {Kind::kUploadPreset, cloud_.cloud_name, "", "", "never-there"}};
  EXPECT_TRUE(delete_created(forwarder_, accounts_, created).empty());
}

TEST_F(LiveCleanupTest, WhatCannotBeDeletedIsReportedWithWhy) {
  upload("kept");
  mock::Accounts wrong = accounts_;
  wrong.accounts[0].clouds[0].api_secret = "notTheSecret";
  std::vector<CreatedResource> created{{Kind::kAsset, cloud_.cloud_name, "image", "upload", "kept"},
                                       {Kind::kAsset, "elsewhere", "image", "upload", "x"}};
  auto left = delete_created(forwarder_, wrong, created);
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0], "image/upload 'x' in cloud elsewhere: the accounts file has no credentials for that cloud");
  EXPECT_NE(left[1].find("image/upload 'kept' in cloud " + cloud_.cloud_name + ": the delete call got 401"),
            std::string::npos)
      << left[1];
  EXPECT_EQ(stored(), 1u);
}

TEST_F(LiveCleanupTest, ManyAssetsAreDeletedInBatches) {
  std::vector<CreatedResource> created;
  for (std::size_t i = 0; i < kDeleteBatch + 5; ++i) {
    upload("n" + std::to_string(i));
    created.push_back({Kind::kAsset, cloud_.cloud_name, "image", "upload", "n" + std::to_string(i)});
  }
  const std::uint64_t before = forwarder_.requests();
  EXPECT_TRUE(delete_created(forwarder_, accounts_, created).empty());
  EXPECT_EQ(stored(), 0u);
  EXPECT_EQ(forwarder_.requests() - before, 2u);
}

}  // namespace
}  // namespace cldcert::live
