#include "harness/checks/sync_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/check_test_support.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using testing_support::Evidence;

void uploaded(Evidence& ev, const std::string& type) {
  ev.step("upload", {{"type", type}});
  ev.store().assets.push_back({"alpha", "image", type, "p_" + type, 10, "aa"});
}

TEST(SyncDelete, PassesWhenTheAssetIsGoneAfterTheDelete) {
  Evidence ev;
  uploaded(ev, "private");
  ev.step("delete", {{"public_id", "p_private"}, {"type", "private"}, {"resource_type", "image"}});
  ev.store().assets.clear();
  auto r = ev.run(&check_sync_delete);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST(SyncDelete, AnAssetLeftBehindFailsEvenWhenTheStepExited0) {
  Evidence ev;
  uploaded(ev, "private");
  ev.step("delete", {{"public_id", "p_private"}, {"type", "private"}, {"resource_type", "image"}});
  auto& destroy = ev.request("POST", "/v1_1/alpha/image/destroy");
  destroy.action = "destroy";
  destroy.response_body = R"({"result":"not found"})";
  auto r = ev.run(&check_sync_delete);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("left the private image 'p_private' in cloud 'alpha'"));
  EXPECT_THAT(r.message, HasSubstr("for type 'upload' answered \"not found\")"));
  EXPECT_THAT(r.message, HasSubstr("yet exited 0"));
  EXPECT_THAT(r.near_miss, HasSubstr("type=private"));
}

TEST(SyncDelete, DeletingWhatNeverExistedIsNotJudged) {
  Evidence ev;
  ev.step("install");
  ev.step("delete", {{"public_id", "ghost"}});
  EXPECT_EQ(ev.run(&check_sync_delete).verdict, Verdict::kSkip);
}

}  // namespace
}  // namespace cldcert
