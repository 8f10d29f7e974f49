// The UTC date-time spellings the mock and the reports use, each written once: ISO 8601 for
// JSON and HAR, the HTTP date for headers, and the form Cloudinary's error messages use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cldcert::mock {

// The system clock's now, in unix seconds and milliseconds: the one place cldcert reads it.
std::int64_t unix_seconds_now();
std::int64_t unix_ms_now();

// "2026-11-28T19:40:00Z", with ".123" milliseconds when `with_ms`; times before 1970 round down.
std::string iso8601_utc(std::int64_t unix_ms, bool with_ms);
// The system clock's now in that spelling, with milliseconds: when a run or a scenario started.
std::string iso8601_utc_now();

// "Sat, 01 Apr 2017 22:00:00 GMT" (RFC 9110 IMF-fixdate): the date form of X-FeatureRateLimit-Reset.
std::string http_date(std::int64_t unix_seconds);

// Reads an IMF-fixdate back ("Sat, 01 Apr 2017 22:00:00 GMT", what X-FeatureRateLimit-Reset and
// Retry-After carry); nullopt for any other spelling.
std::optional<std::int64_t> parse_http_date(std::string_view text);

// "2016-12-15 04:02:46 +0000", the form Cloudinary's stale-request message uses.
std::string format_utc_for_message(std::int64_t unix_seconds);

// "2024-10-04 14:00:00 UTC", the form of the "Try again on …" in Cloudinary's rate-limit message.
std::string format_utc_for_rate_limit_message(std::int64_t unix_seconds);

}  // namespace cldcert::mock
