#include "mocks/rate_limiter.h"

#include <gtest/gtest.h>

namespace cldcert::mock {
namespace {

constexpr std::int64_t kHour = 1'491'084'000;  // Sat, 01 Apr 2017 22:00:00 GMT, an exact hour

TEST(RateLimiter, FirstCallReportsTheQuotaAndTheNextFullHour) {
  RateLimiter limiter(3);
  auto d = limiter.take("c1", kHour + 125);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.limit, 3);
  EXPECT_EQ(d.remaining, 2);
  EXPECT_EQ(d.reset_unix, kHour + 3600);

  // Exactly on the hour the window is the one that starts there.
  RateLimiter other(3);
  EXPECT_EQ(other.take("c1", kHour).reset_unix, kHour + 3600);
  EXPECT_EQ(other.take("c1", kHour - 1).reset_unix, kHour);
}

TEST(RateLimiter, HeadersCarryLimitRemainingAndResetDate) {
  RateLimiter limiter(500);
  limiter.take("c1", kHour + 10);
  auto d = limiter.take("c1", kHour + 20);
  HeaderList headers = d.headers();
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(header_value(headers, "X-FeatureRateLimit-Limit"), "500");
  EXPECT_EQ(header_value(headers, "X-FeatureRateLimit-Remaining"), "498");
  EXPECT_EQ(header_value(headers, "X-FeatureRateLimit-Reset"), "Sat, 01 Apr 2017 23:00:00 GMT");
}

TEST(RateLimiter, RefusesOnceTheQuotaIsSpentAndRefusalsDoNotCount) {
  RateLimiter limiter(2);
  EXPECT_EQ(limiter.take("c1", kHour + 1).remaining, 1);
  EXPECT_EQ(limiter.take("c1", kHour + 2).remaining, 0);
  for (int i = 0; i < 3; ++i) {
    auto refused = limiter.take("c1", kHour + 3 + i);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.limit, 2);
    EXPECT_EQ(refused.remaining, 0);
    EXPECT_EQ(refused.reset_unix, kHour + 3600);
  }
}

TEST(RateLimiter, CloudsHaveSeparateCounts) {
  RateLimiter limiter(1);
  EXPECT_TRUE(limiter.take("c1", kHour).allowed);
  EXPECT_FALSE(limiter.take("c1", kHour).allowed);
  auto d = limiter.take("c2", kHour);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 0);
}

TEST(RateLimiter, CountStartsAfreshInTheNextHour) {
  RateLimiter limiter(2);
  limiter.take("c1", kHour + 3000);
  limiter.take("c1", kHour + 3500);
  EXPECT_FALSE(limiter.take("c1", kHour + 3599).allowed);  // last second of the hour
  auto next = limiter.take("c1", kHour + 3600);
  EXPECT_TRUE(next.allowed);
  EXPECT_EQ(next.remaining, 1);
  EXPECT_EQ(next.reset_unix, kHour + 7200);
  // Several hours later the count is fresh again, not carried over.
  limiter.take("c1", kHour + 3601);
  EXPECT_FALSE(limiter.take("c1", kHour + 3602).allowed);
  EXPECT_EQ(limiter.take("c1", kHour + 5 * 3600 + 7).remaining, 1);
}

TEST(RateLimiter, SetLimitChangesOneCloudAndRestartsItsCount) {
  RateLimiter limiter(5);
  limiter.take("c1", kHour);
  limiter.take("c1", kHour);
  limiter.take("c2", kHour);
  limiter.set_limit("c1", 2);
  auto d = limiter.take("c1", kHour + 1);
  EXPECT_EQ(d.limit, 2);
  EXPECT_EQ(d.remaining, 1);  // the two earlier calls were forgotten
  EXPECT_TRUE(limiter.take("c1", kHour + 2).allowed);
  EXPECT_FALSE(limiter.take("c1", kHour + 3).allowed);
  // c2 keeps the default and its count.
  auto c2 = limiter.take("c2", kHour + 4);
  EXPECT_EQ(c2.limit, 5);
  EXPECT_EQ(c2.remaining, 3);
  // A limit set before the cloud's first call applies to it, and survives an hour change.
  limiter.set_limit("c3", 0);
  EXPECT_FALSE(limiter.take("c3", kHour).allowed);
  EXPECT_EQ(limiter.take("c3", kHour + 7200).limit, 0);
  EXPECT_EQ(limiter.take("c1", kHour + 7200).limit, 2);
}

TEST(RateLimiter, ResetForgetsCountsAndLimits) {
  RateLimiter limiter(2);
  limiter.set_limit("c1", 1);
  limiter.take("c1", kHour);
  limiter.take("c2", kHour);
  limiter.take("c2", kHour);
  limiter.reset();
  auto c1 = limiter.take("c1", kHour + 1);
  EXPECT_EQ(c1.limit, 2);
  EXPECT_EQ(c1.remaining, 1);
  EXPECT_TRUE(limiter.take("c2", kHour + 1).allowed);
}

}  // namespace
}  // namespace cldcert::mock
