#include "harness/live/rate_budget.h"

#include <gtest/gtest.h>

#include "mocks/utc_time.h"

namespace cldcert::live {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;    // 2023-11-14 22:13:20 UTC
constexpr std::int64_t kReset = 1'700'002'800;  // the next hour, 23:00:00

mock::HeaderList said(std::string limit, std::string remaining, std::string reset) {
  return {{"X-FeatureRateLimit-Limit", std::move(limit)},
          {"X-FeatureRateLimit-Remaining", std::move(remaining)},
          {"X-FeatureRateLimit-Reset", std::move(reset)}};
}

TEST(RateHeaders, ReadsCloudinarysThreeHeadersWhateverTheirCase) {
  auto budget = parse_rate_headers({{"x-featureratelimit-limit", "500"},
                                    {"X-FEATURERATELIMIT-REMAINING", " 42 "},
                                    {"X-FeatureRateLimit-Reset", mock::http_date(kReset)}});
  ASSERT_TRUE(budget);
  EXPECT_EQ(budget->limit, 500);
  EXPECT_EQ(budget->remaining, 42);
  EXPECT_EQ(budget->reset_unix, kReset);
}

TEST(RateHeaders, NoUsableRemainingMeansNothingWasSaid) {
  EXPECT_FALSE(parse_rate_headers({}));
  EXPECT_FALSE(parse_rate_headers({{"X-FeatureRateLimit-Limit", "500"}}));
  for (const char* garbage : {"", "lots", "-3", "12abc", "1.5", "99999999999999999999999"})
    EXPECT_FALSE(parse_rate_headers(said("500", garbage, mock::http_date(kReset)))) << garbage;
}

TEST(RateHeaders, AGarbageLimitOrResetIsLeftUnsaidNotGuessed) {
  auto budget = parse_rate_headers(said("many", "7", "tomorrow"));
  ASSERT_TRUE(budget);
  EXPECT_EQ(budget->remaining, 7);
  EXPECT_EQ(budget->limit, -1);
  EXPECT_EQ(budget->reset_unix, 0);
}

TEST(RetryWait, RetryAfterInSecondsOrAsADateElseTheReset) {
  EXPECT_EQ(retry_wait_seconds({{"Retry-After", "17"}}, kNow), 17);
  EXPECT_EQ(retry_wait_seconds({{"Retry-After", mock::http_date(kNow + 30)}}, kNow), 30);
  EXPECT_EQ(retry_wait_seconds(said("5", "0", mock::http_date(kReset)), kNow), kReset - kNow);
  EXPECT_EQ(retry_wait_seconds(said("5", "0", mock::http_date(kNow - 100)), kNow), 0);  // already past
  EXPECT_FALSE(retry_wait_seconds({{"Retry-After", "soon"}}, kNow));
  EXPECT_FALSE(retry_wait_seconds({}, kNow));
}

TEST(SpendsAdminBudget, OnlyTheAdminApiCounts) {
  EXPECT_TRUE(spends_admin_budget("/v1_1/demo/ping"));
  EXPECT_TRUE(spends_admin_budget("/v1_1/demo/resources/image/upload"));
  EXPECT_TRUE(spends_admin_budget("/v1_1/demo/transformations"));
  EXPECT_FALSE(spends_admin_budget("/v1_1/demo/image/upload"));
  EXPECT_FALSE(spends_admin_budget("/v1_1/demo/upload"));
  EXPECT_FALSE(spends_admin_budget("/v1_1/demo/image/tags"));
  EXPECT_FALSE(spends_admin_budget("/v1_1/provisioning/accounts/abc/sub_accounts"));
  EXPECT_FALSE(spends_admin_budget("/demo/image/upload/sample.jpg"));
}

class RateBudgetTest : public ::testing::Test {
 protected:
  std::int64_t now_ = kNow;
  RateBudget budget_{[this] { return now_; }};
};

TEST_F(RateBudgetTest, ACloudNeverHeardOfOrWellAboveTheReserveGoes) {
  EXPECT_EQ(budget_.clear_own_call("demo").kind, Clearance::Kind::kGo);
  budget_.observe("demo", said("500", std::to_string(kReservedAdminCalls + 1), mock::http_date(kReset)));
  EXPECT_EQ(budget_.clear_own_call("demo").kind, Clearance::Kind::kGo);
  EXPECT_EQ(budget_.clear_own_call("other").kind, Clearance::Kind::kGo);
}

TEST_F(RateBudgetTest, AtTheReserveWithAFarResetTheOwnCallIsRefusedNamingCloudCountAndReset) {
  budget_.observe("demo", said("500", std::to_string(kReservedAdminCalls), mock::http_date(kReset)));
  Clearance clearance = budget_.clear_own_call("demo");
  EXPECT_EQ(clearance.kind, Clearance::Kind::kRefuse);
  EXPECT_NE(clearance.message.find("cloud demo has 10 Admin API call(s) left this hour (of 500)"), std::string::npos)
      << clearance.message;
  EXPECT_NE(clearance.message.find("2023-11-14 23:00:00 UTC"), std::string::npos) << clearance.message;
}

TEST_F(RateBudgetTest, AtTheReserveWithANearResetTheOwnCallWaitsForIt) {
  now_ = kReset - 25;
  budget_.observe("demo", said("500", "3", mock::http_date(kReset)));
  Clearance clearance = budget_.clear_own_call("demo");
  EXPECT_EQ(clearance.kind, Clearance::Kind::kWait);
  EXPECT_EQ(clearance.wait_seconds, 25);
  EXPECT_NE(clearance.message.find("waiting 25 s"), std::string::npos) << clearance.message;
  now_ = kReset - kMaxBudgetWaitSeconds - 1;  // one second too far
  EXPECT_EQ(budget_.clear_own_call("demo").kind, Clearance::Kind::kRefuse);
}

TEST_F(RateBudgetTest, AResetInThePastIsANewHour) {
  budget_.observe("demo", said("500", "0", mock::http_date(kNow - 1)));
  EXPECT_EQ(budget_.clear_own_call("demo").kind, Clearance::Kind::kGo);
}

TEST_F(RateBudgetTest, ALowCountWithoutAResetIsRefusedNotWaitedFor) {
  budget_.observe("demo", said("", "2", ""));
  Clearance clearance = budget_.clear_own_call("demo");
  EXPECT_EQ(clearance.kind, Clearance::Kind::kRefuse);
  EXPECT_NE(clearance.message.find("an unknown time"), std::string::npos) << clearance.message;
}

TEST_F(RateBudgetTest, LateAnswersOfTheSameHourDoNotRaiseTheCountButANewHourReplacesIt) {
  budget_.observe("demo", said("500", "40", mock::http_date(kReset)));
  budget_.observe("demo", said("500", "45", mock::http_date(kReset)));  // sent earlier, answered later
  EXPECT_EQ(budget_.seen().at("demo").remaining, 40);
  budget_.observe("demo", {{"X-FeatureRateLimit-Remaining", "garbage"}});  // says nothing: kept
  EXPECT_EQ(budget_.seen().at("demo").remaining, 40);
  budget_.observe("demo", said("500", "499", mock::http_date(kReset + 3600)));
  EXPECT_EQ(budget_.seen().at("demo").remaining, 499);
}

TEST_F(RateBudgetTest, TheReportHasEachCloudsLastFigures) {
  budget_.observe("demo", said("500", "480", mock::http_date(kReset)));
  budget_.observe("other", said("x", "9", "y"));
  nlohmann::json report = budget_.report_json();
  EXPECT_EQ(report["demo"], (nlohmann::json{{"limit", 500}, {"remaining", 480}, {"reset", "2023-11-14T23:00:00Z"}}));
  EXPECT_EQ(report["other"], (nlohmann::json{{"limit", nullptr}, {"remaining", 9}, {"reset", nullptr}}));
}

}  // namespace
}  // namespace cldcert::live
