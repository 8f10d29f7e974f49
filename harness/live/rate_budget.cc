#include "harness/live/rate_budget.h"

#include <charconv>
#include <chrono>
#include <vector>

#include "mocks/text.h"
#include "mocks/upload_api.h"
#include "mocks/utc_time.h"

namespace cldcert::live {
namespace {

// A non-negative decimal count, the whole value (after trimming); nullopt for anything else.
std::optional<std::int64_t> count(std::string_view value) {
  value = text::trim(value);
  std::int64_t n = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() || n < 0) return std::nullopt;
  return n;
}

std::string reset_text(std::int64_t reset_unix) {
  return reset_unix > 0 ? mock::format_utc_for_rate_limit_message(reset_unix) : "an unknown time (no reset header)";
}

}  // namespace

std::optional<CloudBudget> parse_rate_headers(const mock::HeaderList& headers) {
  const auto remaining = count(mock::header_value(headers, "X-FeatureRateLimit-Remaining"));
  if (!remaining) return std::nullopt;
  CloudBudget budget;
  budget.remaining = *remaining;
  budget.limit = count(mock::header_value(headers, "X-FeatureRateLimit-Limit")).value_or(-1);
  budget.reset_unix =
      mock::parse_http_date(text::trim(mock::header_value(headers, "X-FeatureRateLimit-Reset"))).value_or(0);
  return budget;
}

std::optional<std::int64_t> retry_wait_seconds(const mock::HeaderList& headers, std::int64_t now_unix) {
  const std::string_view retry_after = text::trim(mock::header_value(headers, "Retry-After"));
  if (auto seconds = count(retry_after)) return *seconds;
  std::optional<std::int64_t> at = mock::parse_http_date(retry_after);
  if (!at) at = mock::parse_http_date(text::trim(mock::header_value(headers, "X-FeatureRateLimit-Reset")));
  if (!at) return std::nullopt;
  return std::max<std::int64_t>(0, *at - now_unix);
}

bool spends_admin_budget(std::string_view path) {
  const std::vector<std::string> parts = mock::path_segments(path);
  if (parts.size() < 3 || parts[0] != "v1_1" || parts[1] == "provisioning") return false;
  const bool typed = parts.size() == 4 && mock::is_upload_resource_type(parts[2]);
  if (typed && mock::is_upload_api_action(parts[3])) return false;
  return !(parts.size() == 3 && parts[2] == "upload");
}

RateBudget::RateBudget(std::function<std::int64_t()> clock) : clock_(std::move(clock)) {}

std::int64_t RateBudget::now() const {
  if (clock_) return clock_();
  return mock::unix_seconds_now();
}

void RateBudget::observe(const std::string& cloud, const mock::HeaderList& headers) {
  std::optional<CloudBudget> said = parse_rate_headers(headers);
  if (!said) return;
  std::lock_guard lock(mutex_);
  auto [it, added] = clouds_.try_emplace(cloud, *said);
  if (added) return;
  CloudBudget& known = it->second;
  // Answers of one hour can arrive out of order (calls in flight at once): the lowest count is the latest.
  if (said->reset_unix != 0 && said->reset_unix == known.reset_unix) {
    known.remaining = std::min(known.remaining, said->remaining);
    if (said->limit >= 0) known.limit = said->limit;
    return;
  }
  known = *said;
}

Clearance RateBudget::clear_own_call(const std::string& cloud) const {
  CloudBudget budget;
  {
    std::lock_guard lock(mutex_);
    auto it = clouds_.find(cloud);
    if (it == clouds_.end()) return {};  // nothing said yet: the first answer will
    budget = it->second;
  }
  const std::int64_t now_unix = now();
  // A reset in the past: a new hour with its full budget.
  if (budget.remaining > kReservedAdminCalls || (budget.reset_unix != 0 && budget.reset_unix <= now_unix)) return {};
  const std::string left = "cloud " + cloud + " has " + std::to_string(budget.remaining) +
                           " Admin API call(s) left this hour" +
                           (budget.limit >= 0 ? " (of " + std::to_string(budget.limit) + ")" : "") + ", until " +
                           reset_text(budget.reset_unix);
  const std::int64_t wait = budget.reset_unix - now_unix;
  if (budget.reset_unix != 0 && wait <= kMaxBudgetWaitSeconds) {
    return {Clearance::Kind::kWait, wait,
            "cldcert live: " + left + "; waiting " + std::to_string(wait) +
                " s for the reset before the harness's own call"};
  }
  return {Clearance::Kind::kRefuse, 0,
          "cldcert live: " + left + "; the harness keeps the last " + std::to_string(kReservedAdminCalls) +
              " for the integration and did not make its own call"};
}

std::map<std::string, CloudBudget> RateBudget::seen() const {
  std::lock_guard lock(mutex_);
  return clouds_;
}

nlohmann::json RateBudget::report_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [cloud, budget] : seen()) {
    out[cloud] = {{"limit", budget.limit >= 0 ? nlohmann::json(budget.limit) : nlohmann::json()},
                  {"remaining", budget.remaining},
                  {"reset", budget.reset_unix > 0 ? nlohmann::json(mock::iso8601_utc(budget.reset_unix * 1000, false))
                                                  : nlohmann::json()}};
  }
  return out;
}

}  // namespace cldcert::live
