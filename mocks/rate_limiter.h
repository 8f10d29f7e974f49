// Admin API rate limits like Cloudinary's: a per-cloud hourly quota, reported in
// X-FeatureRateLimit-* headers on every answer and enforced with 420 when spent.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "mocks/http_types.h"

namespace cldcert::mock {

class RateLimiter {
 public:
  explicit RateLimiter(std::int64_t limit_per_hour) : default_limit_(limit_per_hour) {}

  struct Decision {
    bool allowed = true;
    std::int64_t limit = 0;
    std::int64_t remaining = 0;
    std::int64_t reset_unix = 0;  // start of the next hour
    HeaderList headers() const;   // X-FeatureRateLimit-Limit/-Remaining/-Reset
  };

  // Counts one call for `cloud` at `now_unix` and says whether it is within the quota.
  Decision take(const std::string& cloud, std::int64_t now_unix);
  // Changes a cloud's hourly quota (tests and fault scenarios use small ones); resets its count.
  void set_limit(const std::string& cloud, std::int64_t limit_per_hour);
  // Forgets every count and per-cloud limit.
  void reset();

 private:
  struct Window {
    std::int64_t hour_start = 0;
    std::int64_t used = 0;
    std::int64_t limit = -1;  // -1: the default
  };
  std::mutex mutex_;
  std::int64_t default_limit_;
  std::map<std::string, Window> windows_;
};

}  // namespace cldcert::mock
