#include "mocks/rate_limiter.h"

#include "mocks/utc_time.h"

namespace cldcert::mock {

HeaderList RateLimiter::Decision::headers() const {
  return {{"X-FeatureRateLimit-Limit", std::to_string(limit)},
          {"X-FeatureRateLimit-Remaining", std::to_string(remaining)},
          {"X-FeatureRateLimit-Reset", http_date(reset_unix)}};
}

RateLimiter::Decision RateLimiter::take(const std::string& cloud, std::int64_t now_unix) {
  std::lock_guard lock(mutex_);
  Window& w = windows_[cloud];
  std::int64_t hour = now_unix - now_unix % 3600;
  if (w.hour_start != hour) {
    w.hour_start = hour;
    w.used = 0;
  }
  Decision d;
  d.limit = w.limit >= 0 ? w.limit : default_limit_;
  d.reset_unix = hour + 3600;
  d.allowed = w.used < d.limit;
  if (d.allowed) ++w.used;
  d.remaining = d.limit - w.used;
  return d;
}

void RateLimiter::set_limit(const std::string& cloud, std::int64_t limit_per_hour) {
  std::lock_guard lock(mutex_);
  Window& w = windows_[cloud];
  w.limit = limit_per_hour;
  w.used = 0;
}

}  // namespace cldcert::mock

namespace cldcert::mock {

void RateLimiter::reset() {
  std::lock_guard lock(mutex_);
  windows_.clear();
}

}  // namespace cldcert::mock
