#include "mocks/utc_time.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace cldcert::mock {
namespace {

// Built by hand rather than with strftime so no locale can change a day or month name.
std::tm utc_fields(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// "2016-12-15 04:02:46" and a zone suffix: Cloudinary's messages spell a time this way.
std::string date_time_for_message(std::int64_t unix_seconds, const char* zone) {
  const std::tm tm = utc_fields(unix_seconds);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:%02d %s", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, zone);
  return buffer;
}

}  // namespace

std::string iso8601_utc(std::int64_t unix_ms, bool with_ms) {
  const std::int64_t seconds = unix_ms >= 0 ? unix_ms / 1000 : -((-unix_ms + 999) / 1000);
  const int ms = static_cast<int>(unix_ms - seconds * 1000);
  const std::tm tm = utc_fields(seconds);
  char buffer[96];  // room for any int the compiler imagines in tm
  int n = std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                        tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  if (with_ms) std::snprintf(buffer + n, sizeof buffer - static_cast<std::size_t>(n), ".%03d", ms);
  return std::string(buffer) + "Z";
}

std::int64_t unix_seconds_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::int64_t unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string iso8601_utc_now() { return iso8601_utc(unix_ms_now(), true); }

std::string http_date(std::int64_t unix_seconds) {
  const std::tm tm = utc_fields(unix_seconds);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  // "Sat, 01 Apr 2017 22:00:00 GMT" is exactly 29 characters.
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") return std::nullopt;
  const std::string s(text);
  char month[4] = {};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  if (std::sscanf(s.c_str() + 5, "%2d %3c %4d %2d:%2d:%2d GMT%n", &day, month, &year, &hour, &minute, &second,
                  &consumed) != 6 ||
      consumed != 24) {
    return std::nullopt;
  }
  int month_index = -1;
  for (int i = 0; i < 12; ++i) {
    if (std::strcmp(month, kMonths[i]) == 0) month_index = i;
  }
  if (month_index < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month_index;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string format_utc_for_message(std::int64_t unix_seconds) { return date_time_for_message(unix_seconds, "+0000"); }

std::string format_utc_for_rate_limit_message(std::int64_t unix_seconds) {
  return date_time_for_message(unix_seconds, "UTC");
}

}  // namespace cldcert::mock
