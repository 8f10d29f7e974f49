#include "mocks/multi_needle_search.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace cldcert::mock {
namespace {

using Hits = std::vector<std::pair<std::size_t, std::size_t>>;

Hits all(const MultiNeedleSearch& s, std::string_view text) {
  Hits hits;
  s.search(text, [&](std::size_t id, std::size_t begin) { hits.emplace_back(id, begin); });
  return hits;
}

TEST(ScanMultiNeedle, FindsEveryNeedleEverywhereIncludingOverlapsAndEdges) {
  MultiNeedleSearch s;
  auto a = s.add("aXa");
  auto b = s.add("Xa9");
  EXPECT_EQ(all(s, "aXaXa9"), (Hits{{a, 0}, {a, 2}, {b, 3}}));
  EXPECT_EQ(all(s, "Xa9"), (Hits{{b, 0}}));
  EXPECT_TRUE(all(s, "aX").empty());
  EXPECT_TRUE(all(s, "").empty());
}

TEST(ScanMultiNeedle, FoldCaseMatchesEitherCaseOnly) {
  MultiNeedleSearch s;
  auto id = s.add("secret", true, 2);
  EXPECT_EQ(all(s, "API_SECRET api_secret apiSecret"), (Hits{{id, 4}, {id, 15}, {id, 25}}));
  MultiNeedleSearch exact;
  exact.add("secret");
  EXPECT_EQ(all(exact, "SECRET Secret secret").size(), 1u);
}

TEST(ScanMultiNeedle, AnchorInsideTheNeedleStillReportsItsStart) {
  MultiNeedleSearch s;
  auto id = s.add("cloudinary", true, 3);
  EXPECT_EQ(all(s, "udcloudinary"), (Hits{{id, 2}}));
  EXPECT_TRUE(all(s, "ud").empty());  // the anchor pair alone, too close to the start
}

TEST(ScanMultiNeedle, NoHitsOnTextWithoutNeedles) {
  MultiNeedleSearch s;
  s.add("Zq7-Kp");
  std::string text(10000, 'a');
  EXPECT_TRUE(all(s, text).empty());
}

TEST(ScanMultiNeedle, RejectsNeedlesTooShortToKeyOn) {
  MultiNeedleSearch s;
  EXPECT_THROW(s.add("x"), std::invalid_argument);
  EXPECT_THROW(s.add("ab", false, 1), std::invalid_argument);
}

}  // namespace
}  // namespace cldcert::mock
