#include "harness/shard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cldcert {
namespace {

TEST(Shard, ParsesKOverN) {
  EXPECT_EQ(parse_shard("2/5"), std::make_pair(2, 5));
  EXPECT_EQ(parse_shard("1/1"), std::make_pair(1, 1));
  for (const char* bad : {"", "2", "0/3", "4/3", "a/3", "1/0", "1/3x", "-1/3", "1//3"}) {
    EXPECT_FALSE(parse_shard(bad)) << bad;
  }
}

TEST(Shard, EveryScenarioRunsInExactlyOneShardWhateverTheOrder) {
  std::vector<Scenario> all(7);
  const char* ids[] = {"g", "b", "e", "a", "d", "c", "f"};
  for (int i = 0; i < 7; ++i) all[i].id = ids[i];
  std::vector<const Scenario*> given, reversed;
  for (const auto& s : all) given.push_back(&s);
  reversed.assign(given.rbegin(), given.rend());
  std::multiset<std::string> seen;
  for (int k = 1; k <= 3; ++k) {
    auto mine = shard_of(given, k, 3);
    auto again = shard_of(reversed, k, 3);
    std::set<std::string> a, b;
    for (const auto* s : mine) a.insert(s->id);
    for (const auto* s : again) b.insert(s->id);
    EXPECT_EQ(a, b) << "shard " << k;
    seen.insert(a.begin(), a.end());
  }
  EXPECT_EQ(seen, (std::multiset<std::string>{"a", "b", "c", "d", "e", "f", "g"}));
  std::vector<std::string> first;
  for (const auto* s : shard_of(given, 1, 3)) first.push_back(s->id);
  EXPECT_THAT(first, ::testing::ElementsAre("g", "a", "d"));  // a, d, g by id; kept in the given order
}

}  // namespace
}  // namespace cldcert
