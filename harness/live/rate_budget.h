// A live run's view of each cloud's hourly Admin API budget, read from the X-FeatureRateLimit-* headers
// of Cloudinary's answers, and the rule that keeps the harness's own Admin API calls off its last calls.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mocks/http_types.h"

namespace cldcert::live {

// Admin API calls of the hour the harness never spends on its own calls (preflight, tagging, clean-up,
// sweep, named transformations). Spending the last ones would make the integration's next Admin call
// meet a 420 the harness caused (a rate-limit verdict about the harness, not the integration) and lock
// the partner's key out for the rest of the hour. Ten also covers the calls that can be in flight at
// once (max_in_flight_per_cloud) between one answer's figures and the next.
inline constexpr std::int64_t kReservedAdminCalls = 10;
// How long the harness's own call waits for a near reset, at most; a later reset fails the call instead
// (a run should not sit silently for most of an hour).
inline constexpr std::int64_t kMaxBudgetWaitSeconds = 60;

// What one answer said of its cloud's hour; -1 / 0 where it said nothing usable.
struct CloudBudget {
  std::int64_t limit = -1;
  std::int64_t remaining = -1;
  std::int64_t reset_unix = 0;
};

// The figures of X-FeatureRateLimit-Limit/-Remaining/-Reset (integers; Reset an HTTP date), or nullopt
// when Remaining is missing or not a count. A garbage Limit or Reset is left unsaid, not guessed.
std::optional<CloudBudget> parse_rate_headers(const mock::HeaderList& headers);

// Seconds a 420 asks to wait: Retry-After (seconds or an HTTP date), else X-FeatureRateLimit-Reset;
// nullopt when neither is readable. Never negative.
std::optional<std::int64_t> retry_wait_seconds(const mock::HeaderList& headers, std::int64_t now_unix);

// Whether a request to `path` counts against the Admin API's hourly budget: /v1_1/<cloud>/… except the
// Upload API (/v1_1/<cloud>/<type>/<action>, /v1_1/<cloud>/upload) and the Provisioning API.
bool spends_admin_budget(std::string_view path);

// What the harness does before one of its own Admin API calls.
struct Clearance {
  enum class Kind { kGo, kWait, kRefuse } kind = Kind::kGo;
  std::int64_t wait_seconds = 0;  // kWait
  std::string message;            // kWait: the progress line; kRefuse: why, naming cloud, count and reset
};

class RateBudget {
 public:
  // `clock`: unix seconds now (the system clock when empty; tests pin it to the test upstream's).
  explicit RateBudget(std::function<std::int64_t()> clock = {});

  // Every Admin API answer for `cloud`, the integration's and the harness's: its headers, if any.
  void observe(const std::string& cloud, const mock::HeaderList& headers);
  // Before the harness's own Admin API call to `cloud`: go; wait for a reset at most kMaxBudgetWaitSeconds
  // away; or refuse, when the hour has kReservedAdminCalls or fewer left.
  Clearance clear_own_call(const std::string& cloud) const;

  std::int64_t now() const;
  // The last figures seen, by cloud.
  std::map<std::string, CloudBudget> seen() const;
  // report.json's live.rate_limits: {cloud: {"limit", "remaining", "reset"}} (reset as ISO 8601; null
  // where an answer did not say).
  nlohmann::json report_json() const;

 private:
  std::function<std::int64_t()> clock_;
  mutable std::mutex mutex_;
  std::map<std::string, CloudBudget> clouds_;
};

}  // namespace cldcert::live
