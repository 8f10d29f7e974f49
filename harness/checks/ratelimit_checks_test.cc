#include "harness/checks/ratelimit_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/check_test_support.h"

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

TEST(RateLimitBackoff, SuccessiveChunksAreNotRetriesAndNoRefusalSkips) {
  Evidence ev;
  ev.step("upload");
  ev.upload();
  ev.upload();
  EXPECT_EQ(ev.run(&check_ratelimit_backoff).verdict, Verdict::kSkip);
}

}  // namespace
}  // namespace cldcert
