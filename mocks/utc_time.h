// The UTC date-time spellings the mock and the reports use, each written once: ISO 8601 for
// JSON and HAR, the HTTP date for headers, and the form Cloudinary's error messages use.
#pragma once

#include <cstdint>
#include <string>

namespace cldcert::mock {

// "2026-11-28T19:40:00Z", with ".123" milliseconds when `with_ms`; times before 1970 round down.
std::string iso8601_utc(std::int64_t unix_ms, bool with_ms);

// "Sat, 01 Apr 2017 22:00:00 GMT" (RFC 9110 IMF-fixdate): the date form of X-FeatureRateLimit-Reset.
std::string http_date(std::int64_t unix_seconds);

// "2016-12-15 04:02:46 +0000", the form Cloudinary's stale-request message uses.
std::string format_utc_for_message(std::int64_t unix_seconds);

}  // namespace cldcert::mock
