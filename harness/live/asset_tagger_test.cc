#include "harness/live/asset_tagger.h"

#include <gtest/gtest.h>

#include "harness/live/live_test_support.h"
#include "mocks/mock_test_support.h"

namespace cldcert::live {
namespace {

using live::testing_support::UpstreamCloud;
namespace ts = mock::testing_support;
using Kind = CreatedResource::Kind;
using Tags = std::vector<std::string>;

class AssetTaggerTest : public ::testing::Test {
 protected:
  void put(const std::string& id, const std::string& type) {
    ASSERT_EQ(ts::post_upload(upstream_.mock(), cloud_,
                              ts::signed_params({{"public_id", id}, {"type", type}, {"tags", "mine,theirs"}}, cloud_),
                              ts::FilePart{"a.png", "image/png", ts::png_bytes(2, 2, 64)})
                  .status,
              200);
  }
  Tags tags_of(const std::string& id, const std::string& type) {
    return upstream_.mock().store().find(cloud_.cloud_name, "image", type, id)->tags;
  }

  mock::Accounts accounts_ = mock::generate_accounts(43, 1, 1);
  const mock::Cloud& cloud_ = accounts_.accounts[0].clouds[0];
  UpstreamCloud upstream_{accounts_};
  UpstreamForwarder forwarder_{upstream_.config()};
};

TEST_F(AssetTaggerTest, EachAssetGetsTheTagBesideItsOwnPresetsAreNotTagged) {
  put("one", "upload");
  put("two", "private");
  AssetTagger tagger(forwarder_, accounts_, "cldcert-20231114-221320-3f9a1c", [] { return ts::kNow; });
  tagger.tag({Kind::kAsset, cloud_.cloud_name, "image", "upload", "one"});
  tagger.tag({Kind::kAsset, cloud_.cloud_name, "image", "private", "two"});
  tagger.tag({Kind::kUploadPreset, cloud_.cloud_name, "", "", "preset"});
  tagger.wait_idle();
  EXPECT_EQ(tags_of("one", "upload"), (Tags{"mine", "theirs", "cldcert-20231114-221320-3f9a1c"}));
  EXPECT_EQ(tags_of("two", "private"), (Tags{"mine", "theirs", "cldcert-20231114-221320-3f9a1c"}));
  EXPECT_TRUE(tagger.problems().empty());
  // One signed tags call per delivery type, nothing for the preset.
  std::size_t calls = 0;
  for (const auto& e : upstream_.mock().journal().entries()) {
    if (e.action != "tags") continue;
    ++calls;
    EXPECT_EQ(e.auth.outcome, "ok");
    EXPECT_EQ(e.status, 200);
  }
  EXPECT_EQ(calls, 2u);
}

TEST_F(AssetTaggerTest, WhatCannotBeTaggedIsNamedWithoutASecret) {
  put("one", "upload");
  mock::Accounts wrong = accounts_;
  wrong.accounts[0].clouds[0].api_secret = "notTheSecret";
  AssetTagger tagger(forwarder_, wrong, "cldcert-x", [] { return ts::kNow; });
  tagger.tag({Kind::kAsset, cloud_.cloud_name, "image", "upload", "one"});
  tagger.tag({Kind::kAsset, "nowhere", "image", "upload", "two"});
  tagger.wait_idle();
  const std::vector<std::string> problems = tagger.problems();
  ASSERT_EQ(problems.size(), 2u);
  std::string all = problems[0] + "\n" + problems[1];
  EXPECT_NE(
      all.find("image/upload 'one' in cloud " + cloud_.cloud_name + ": not tagged cldcert-x: the tags call got 401"),
      std::string::npos)
      << all;
  EXPECT_NE(all.find("'two' in cloud nowhere: not tagged cldcert-x: the accounts file has no credentials"),
            std::string::npos)
      << all;
  EXPECT_EQ(all.find("notTheSecret"), std::string::npos);
  EXPECT_EQ(tags_of("one", "upload"), (Tags{"mine", "theirs"}));
}

TEST_F(AssetTaggerTest, WaitingWithNothingQueuedReturnsAndTheWorkerStopsWithTheTagger) {
  AssetTagger tagger(forwarder_, accounts_, "cldcert-x", [] { return ts::kNow; });
  tagger.wait_idle();
  EXPECT_TRUE(tagger.problems().empty());
}

}  // namespace
}  // namespace cldcert::live
