#include "harness/checks/srcset.h"

#include <gtest/gtest.h>

namespace cldcert {
namespace {

TEST(SrcsetTest, SplitsCandidatesButKeepsTransformationCommas) {
  auto c = srcset_candidates(
      "https://res.cloudinary.com/d/image/upload/c_scale,w_200/f_auto,q_auto/a 200w, "
      "https://res.cloudinary.com/d/image/upload/c_scale,w_480/a 480w");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].url, "https://res.cloudinary.com/d/image/upload/c_scale,w_200/f_auto,q_auto/a");
  EXPECT_EQ(c[0].width, 200);
  EXPECT_EQ(c[1].url, "https://res.cloudinary.com/d/image/upload/c_scale,w_480/a");
  EXPECT_EQ(c[1].width, 480);
}

TEST(SrcsetTest, DensityOrMissingDescriptorHasNoWidth) {
  auto c = srcset_candidates("a.png 2x, b.png,  c.png 12w ");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_FALSE(c[0].width);
  EXPECT_EQ(c[1].url, "b.png");
  EXPECT_FALSE(c[1].width);
  EXPECT_EQ(c[2].width, 12);
}

TEST(SrcsetTest, EmptyAndMalformedDescriptors) {
  EXPECT_TRUE(srcset_candidates("").empty());
  EXPECT_TRUE(srcset_candidates(" , ").empty());
  auto c = srcset_candidates("a.png w, b.png 12x3w");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_FALSE(c[0].width);
  EXPECT_FALSE(c[1].width);
}

}  // namespace
}  // namespace cldcert
