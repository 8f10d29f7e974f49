#include "mocks/utc_time.h"

#include <cstdio>
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

std::string http_date(std::int64_t unix_seconds) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::tm tm = utc_fields(unix_seconds);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

std::string format_utc_for_message(std::int64_t unix_seconds) {
  const std::tm tm = utc_fields(unix_seconds);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:%02d +0000", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

}  // namespace cldcert::mock
