#include "mocks/utc_time.h"

#include <gtest/gtest.h>

namespace cldcert::mock {
namespace {

TEST(UtcTime, Iso8601WithAndWithoutMilliseconds) {
  EXPECT_EQ(iso8601_utc(0, false), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso8601_utc(1764358800123, true), "2025-11-28T19:40:00.123Z");
  EXPECT_EQ(iso8601_utc(1764358800123, false), "2025-11-28T19:40:00Z");
  EXPECT_EQ(iso8601_utc(951782400007, true), "2000-02-29T00:00:00.007Z");  // leap day, padded ms
}

TEST(UtcTime, Iso8601RoundsTimesBefore1970Down) {
  // -1 ms is 23:59:59.999 on the last day of 1969, not "00:00:00.-01".
  EXPECT_EQ(iso8601_utc(-1, true), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(iso8601_utc(-1000, true), "1969-12-31T23:59:59.000Z");
}

TEST(UtcTime, HttpDate) {
  EXPECT_EQ(http_date(1491084000), "Sat, 01 Apr 2017 22:00:00 GMT");
  EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(http_date(1700000000), "Tue, 14 Nov 2023 22:13:20 GMT");
  EXPECT_EQ(http_date(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");  // leap day, zero-padded fields
  EXPECT_EQ(http_date(1704067199), "Sun, 31 Dec 2023 23:59:59 GMT");
}

TEST(UtcTime, HttpDateReadsBackWhatItWrites) {
  for (std::int64_t t : {0LL, 951782400LL, 1491084000LL, 1704067199LL}) EXPECT_EQ(parse_http_date(http_date(t)), t);
  EXPECT_FALSE(parse_http_date("2"));                                 // Retry-After's seconds form
  EXPECT_FALSE(parse_http_date("Sat, 01 Apr 2017 22:00:00 UTC"));     // not GMT
  EXPECT_FALSE(parse_http_date("Sat, 01 Abc 2017 22:00:00 GMT"));     // no such month
  EXPECT_FALSE(parse_http_date("Sat, 01 Apr 2017 24:00:00 GMT"));     // no such hour
  EXPECT_FALSE(parse_http_date("Saturday, 01-Apr-17 22:00:00 GMT"));  // RFC 850, obsolete
}

TEST(UtcTime, MessageForm) {
  EXPECT_EQ(format_utc_for_message(0), "1970-01-01 00:00:00 +0000");
  EXPECT_EQ(format_utc_for_message(1481774566), "2016-12-15 04:02:46 +0000");
}

TEST(UtcTime, RateLimitMessageForm) {
  // As in "Rate Limit Exceeded. Limit of 500 api operations reached. Try again on 2024-10-04 14:00:00 UTC"
  // (yoelpc4/laravel-cloudinary#11).
  EXPECT_EQ(format_utc_for_rate_limit_message(1728050400), "2024-10-04 14:00:00 UTC");
}

}  // namespace
}  // namespace cldcert::mock
