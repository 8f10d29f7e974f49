#include "harness/live/run_tag.h"

#include <chrono>
#include <random>

#include "mocks/utc_time.h"

namespace cldcert::live {
namespace {

bool all_of(std::string_view text, std::string_view allowed) {
  return text.find_first_not_of(allowed) == std::string_view::npos;
}

constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kHex = "0123456789abcdef";

}  // namespace

std::string live_run_id(std::int64_t unix_seconds, std::string_view random_hex) {
  const std::string iso = mock::iso8601_utc(unix_seconds * 1000, false);  // 2026-12-03T22:55:00Z
  std::string out;
  for (char c : iso.substr(0, 19)) {
    if (c == 'T')
      out += '-';
    else if (c != '-' && c != ':')
      out += c;
  }
  return out + "-" + std::string(random_hex);
}

std::string new_live_run_id() {
  std::random_device random;
  std::string hex;
  for (int i = 0; i < 6; ++i) hex += kHex[random() % 16];
  return live_run_id(mock::unix_seconds_now(), hex);
}

std::string run_tag(std::string_view run_id) { return std::string(kRunTagPrefix) + std::string(run_id); }

bool is_live_run_id(std::string_view id) {
  // 8 digits, '-', 6 digits, '-', 6 hex digits.
  return id.size() == 22 && id[8] == '-' && id[15] == '-' && all_of(id.substr(0, 8), kDigits) &&
         all_of(id.substr(9, 6), kDigits) && all_of(id.substr(16), kHex);
}

std::string run_id_of_tag(std::string_view tag) {
  if (!tag.starts_with(kRunTagPrefix)) return "";
  const std::string_view id = tag.substr(kRunTagPrefix.size());
  return is_live_run_id(id) ? std::string(id) : "";
}

}  // namespace cldcert::live
