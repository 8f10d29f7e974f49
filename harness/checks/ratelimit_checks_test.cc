#include "harness/checks/ratelimit_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/check_test_support.h"
#include "mocks/utc_time.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using testing_support::Evidence;

// An upload refused `refusals` times, retried after each of `waits` (ms), then answered `last`.
Evidence refused_upload(const std::vector<double>& waits, int last = 200, const std::string& said = "",
                        int exit_code = 0) {
  Evidence ev;
  ev.step("upload", {}, exit_code).stderr_text = said;
  ev.upload("image", 420);
  for (std::size_t i = 0; i < waits.size(); ++i) ev.upload("image", i + 1 == waits.size() ? last : 420, waits[i]);
  return ev;
}

TEST(RateLimitBackoff, GrowingWaitsAndAMessagePass) {
  auto r = refused_upload({500, 1000}, 200, "rate limited by Cloudinary (HTTP 420); retrying in 0.5 s")
               .run(&check_ratelimit_backoff);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST(RateLimitBackoff, ImmediateRetriesFailWithTheMeasuredWaits) {
  auto r = refused_upload({3, 2}, 200, "retrying").run(&check_ratelimit_backoff);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("retried 0.00 s after HTTP 420"));
  EXPECT_THAT(r.message, HasSubstr("3 attempt(s), waits 0.00 s, 0.00 s"));
  EXPECT_EQ(r.evidence.size(), 3u);
}

TEST(RateLimitBackoff, ShrinkingWaitsTooManyAttemptsSilenceAndFalseSuccessFail) {
  EXPECT_THAT(refused_upload({1000, 300}, 200, "retry").run(&check_ratelimit_backoff).message,
              HasSubstr("waited less before retry 2"));
  EXPECT_THAT(refused_upload({300, 300, 300, 300, 300, 300}, 200, "retry").run(&check_ratelimit_backoff).message,
              HasSubstr("sent 7 attempts"));
  EXPECT_THAT(refused_upload({500}, 200, "").run(&check_ratelimit_backoff).message,
              HasSubstr("said nothing about HTTP 420"));
  EXPECT_THAT(refused_upload({500, 1000}, 420, "retrying", 0).run(&check_ratelimit_backoff).message,
              HasSubstr("gave up after HTTP 420 yet exited 0"));
  EXPECT_EQ(refused_upload({500, 1000}, 420, "rate limit persisted", 2).run(&check_ratelimit_backoff).verdict,
            Verdict::kPass);
}

TEST(RateLimitBackoff, RetriesThatNeverWaitLongerFail) {
  auto r = refused_upload({1000, 1000}, 200, "retrying").run(&check_ratelimit_backoff);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("retried 2 times, never waiting longer than before the first"));
}

TEST(RateLimitBackoff, EqualWaitsPassWhenEachIsTheOneTheRefusalAskedFor) {
  // Each 420 says the quota resets one second after it; the integration waits exactly that long.
  auto ev = refused_upload({1000, 1000}, 200, "rate limited; waiting for the reset");
  for (auto& e : ev.journal()) {
    if (e.status != 420) continue;
    const auto reset_s = (e.started_unix_ms + static_cast<std::int64_t>(e.duration_ms) + 1000) / 1000;
    e.response_headers.emplace_back("X-FeatureRateLimit-Reset", mock::http_date(reset_s));
  }
  EXPECT_EQ(ev.run(&check_ratelimit_backoff).verdict, Verdict::kPass) << ev.run(&check_ratelimit_backoff).message;
}

TEST(RateLimitBackoff, AnEarlyRetryPassesWhenRetryAfterAskedForIt) {
  auto ev = refused_upload({100}, 200, "retrying as asked");
  EXPECT_EQ(ev.run(&check_ratelimit_backoff).verdict, Verdict::kFail);  // hammering, unless asked
  ev.journal().front().response_headers.emplace_back("Retry-After", "0");
  EXPECT_EQ(ev.run(&check_ratelimit_backoff).verdict, Verdict::kPass);
}

TEST(RateLimitBackoff, AGiveUpWithoutRetryPassesOnlyWhenTheStepFailsAndSaysWhy) {
  EXPECT_EQ(refused_upload({}, 420, "Error: Rate Limit Exceeded. Try again on 2026-12-03 04:00:00 UTC", 1)
                .run(&check_ratelimit_backoff)
                .verdict,
            Verdict::kPass);
  auto silent_success = refused_upload({}, 420, "", 0).run(&check_ratelimit_backoff);
  EXPECT_EQ(silent_success.verdict, Verdict::kFail);
  EXPECT_THAT(silent_success.message, HasSubstr("gave up after HTTP 420 yet exited 0"));
  auto silent_failure = refused_upload({}, 420, "", 1).run(&check_ratelimit_backoff);
  EXPECT_THAT(silent_failure.message, HasSubstr("said nothing about HTTP 420"));
}

TEST(RateLimitBackoff, PassingOnTheServersOwnMessageIsAReport) {
  // An SDK integration prints the error it got: Cloudinary's 500 says "General Error", in none of
  // the words the check knows; that it is the refusal's own message is what counts.
  auto ev = refused_upload({}, 500, "upload failed: General Error", 1);
  ev.journal().front().status = 500;
  ev.journal().front().response_body = R"({"error":{"message":"General Error"}})";
  EXPECT_EQ(ev.run(&check_ratelimit_backoff).verdict, Verdict::kPass) << ev.run(&check_ratelimit_backoff).message;
  ev.steps().front().stderr_text = "upload failed";
  EXPECT_THAT(ev.run(&check_ratelimit_backoff).message, HasSubstr("said nothing about HTTP 500"));
}

TEST(RateLimitBackoff, SuccessiveChunksAreNotRetriesAndNoRefusalSkips) {
  Evidence ev;
  ev.step("upload");
  ev.upload();
  ev.upload();
  EXPECT_EQ(ev.run(&check_ratelimit_backoff).verdict, Verdict::kSkip);
}

}  // namespace
}  // namespace cldcert
