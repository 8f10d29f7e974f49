// R19: how the integration reacts to 420/429 rate limits and 5xx answers, measured on the
// journal's timestamps: it backs off (growing waits, or the wait the refusal asked for), stops
// after a bounded number of attempts, and says so; or it gives up at once and says so.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

// A first retry sooner than this after the refusal is hammering, not backing off.
inline constexpr double kMinFirstRetryMs = 200;
// Attempts of one request (the first one and its retries) past which the integration hammers.
inline constexpr std::size_t kMaxAttempts = 6;
// Timer and scheduling noise: waits this close are the same wait, a retry this early is on time.
inline constexpr double kWaitSlackMs = 50;

CheckResult check_ratelimit_backoff(const CheckInput& input);

}  // namespace cldcert
