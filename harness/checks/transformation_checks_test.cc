#include "harness/checks/transformation_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/check_test_support.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using testing_support::Evidence;

const std::string kBase = "https://res.cloudinary.com/alpha/image/upload/";

void delivered(Evidence& ev, const std::string& asked, const std::string& url_transformation) {
  ev.step("deliver", {{"public_id", "a"}, {"transformation", asked}}).last_json = {
      {"url", kBase + url_transformation + "/v1/a.png"}};
}

TEST(TransformationValid, ValidPassesAUnitSuffixFails) {
  Evidence ok;
  delivered(ok, "w_300", "w_300/f_auto,q_auto");
  EXPECT_EQ(ok.run(&check_transformation_valid).verdict, Verdict::kPass);
  Evidence bad;
  delivered(bad, "c_fill,w_300/e_sepia", "c_fill,w_300px/e_sepia/f_auto,q_auto");
  auto r = bad.run(&check_transformation_valid);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("'c_fill,w_300px/e_sepia/f_auto,q_auto'"));
  EXPECT_EQ(Evidence().run(&check_transformation_valid).verdict, Verdict::kSkip);
}

TEST(TransformationChained, AKeptChainPassesAFlattenedOneFails) {
  Evidence ok;
  delivered(ok, "c_fill,h_200,w_300/e_sepia/r_max", "c_fill,h_200,w_300/e_sepia/r_max/f_auto,q_auto");
  EXPECT_EQ(ok.run(&check_transformation_chained).verdict, Verdict::kPass);
  Evidence flat;
  delivered(flat, "c_fill,h_200,w_300/e_sepia/r_max", "c_fill,h_200,w_300,e_sepia,r_max/f_auto,q_auto");
  auto r = flat.run(&check_transformation_chained);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("asked for 3 chained components"));
  EXPECT_THAT(r.message, HasSubstr("the URL has 2"));
}

TEST(TransformationChained, AnUnparsableUrlIsLeftToTheValidityCheck) {
  Evidence ev;
  delivered(ev, "c_fill,w_300/e_sepia", "c_fill,w_300px/e_sepia");
  EXPECT_EQ(ev.run(&check_transformation_chained).verdict, Verdict::kSkip);
}

TEST(TransformationNamed, ANameTheCloudHasPassesAnotherFailsListingWhatExists) {
  Evidence ev;
  ev.step("cldcert.named_transformation");
  ev.store().named_transformations.push_back({"alpha", "thumb", "c_fill,w_150"});
  delivered(ev, "t_thumb", "t_thumb/f_auto,q_auto");
  EXPECT_EQ(ev.run(&check_transformation_named).verdict, Verdict::kPass);
  delivered(ev, "t_thumb", "t_thumb_v2/f_auto,q_auto");
  auto r = ev.run(&check_transformation_named);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("t_thumb_v2 is not a named transformation of cloud 'alpha' (it has t_thumb)"));
  EXPECT_EQ(r.near_miss, "t_thumb");
}

TEST(TransformationNamed, ANameDefinedInAnotherCloudFails) {
  Evidence ev;
  ev.step("cldcert.named_transformation");
  ev.store().named_transformations.push_back({"beta", "thumb", "c_fill,w_150"});
  delivered(ev, "t_thumb", "t_thumb");
  EXPECT_THAT(ev.run(&check_transformation_named).message, HasSubstr("(it has none)"));
}

// An image URL whose transformation does not parse is transformation.valid's finding: P6 neither
// judges nor counts it.
TEST(TransformationOptimizedUnparsable, IsLeftToTheValidityCheck) {
  testing_support::Evidence ev;
  ev.step("deliver").last_json = {{"url", "https://res.cloudinary.com/alpha/image/upload/w_300px/v1/a.png"}};
  EXPECT_EQ(ev.run(&check_transformation_optimized).verdict, Verdict::kSkip);
  ev.step("deliver").last_json = {{"url", "https://res.cloudinary.com/alpha/image/upload/f_auto,q_auto/v1/a.png"}};
  auto r = ev.run(&check_transformation_optimized);
  EXPECT_EQ(r.verdict, Verdict::kPass);
  EXPECT_THAT(r.message, ::testing::HasSubstr("1 image delivery URL(s)"));
}

}  // namespace
}  // namespace cldcert
