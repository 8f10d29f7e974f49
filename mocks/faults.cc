#include "mocks/faults.h"

#include <algorithm>

#include "mocks/text.h"
#include "mocks/utc_time.h"

namespace cldcert::mock {
namespace {

// The quota Cloudinary's free plan gives the Admin API an hour, and the one its refusal names in
// "Limit of 500 api operations reached" (yoelpc4/laravel-cloudinary#11).
constexpr std::int64_t kFreePlanOperationsPerHour = 500;

bool has_header(const HeaderList& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return text::iequals(h.first, name); });
}

bool is_api_family(std::string_view name) {
  return std::find(std::begin(kApiFamilies), std::end(kApiFamilies), name) != std::end(kApiFamilies);
}

}  // namespace

std::vector<std::string_view> api_families(const std::string& method, const JournalEntry& routed) {
  std::vector<std::string_view> families;
  if (routed.api == "upload" && routed.action == "upload") families.push_back("upload");
  if (routed.api == "upload" && routed.action == "destroy") families.push_back("delete");
  if (routed.api == "admin") {
    // /v1_1/<cloud>/resources/…: delete_resources, by prefix, by tag, delete_all_resources.
    const std::size_t cloud_end = routed.path.find('/', std::string_view("/v1_1/").size());
    if (text::iequals(method, "DELETE") && cloud_end != std::string::npos &&
        std::string_view(routed.path).substr(cloud_end).starts_with("/resources/")) {
      families.push_back("delete");
    }
    families.push_back("admin");
  }
  if (routed.api == "delivery") families.push_back("delivery");
  return families;
}

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative wildcard matching with backtracking to the last '*'.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::optional<FaultRule> fault_rule_from_json(const nlohmann::json& json, std::string* error) {
  auto fail = [&](const std::string& why) -> std::optional<FaultRule> {
    if (error) *error = why;
    return std::nullopt;
  };
  if (!json.is_object()) return fail("a fault rule must be a JSON object");
  FaultRule rule;
  auto text = [&](const char* key, std::string& out) {
    if (!json.contains(key)) return true;
    if (!json[key].is_string()) return false;
    out = json[key].get<std::string>();
    return true;
  };
  auto number = [&](const char* key, int& out) {
    if (!json.contains(key)) return true;
    if (!json[key].is_number_integer()) return false;
    out = json[key].get<int>();
    return true;
  };
  if (!text("id", rule.id)) return fail("/id: expected a string");
  if (!text("method", rule.method)) return fail("/method: expected a string such as \"POST\" or \"*\"");
  if (!text("family", rule.family) || (!rule.family.empty() && !is_api_family(rule.family))) {
    return fail("/family: expected one of \"upload\", \"delete\", \"admin\", \"delivery\"");
  }
  if (!text("path", rule.path)) return fail("/path: expected a glob string such as \"/v1_1/*/resources*\"");
  if (!number("from", rule.from_match) || rule.from_match < 1) return fail("/from: expected a whole number >= 1");
  if (!number("to", rule.to_match) || rule.to_match < 0) return fail("/to: expected a whole number >= 0 (0: no end)");
  if (!number("status", rule.status) || (rule.status != 0 && (rule.status < 100 || rule.status > 599))) {
    return fail("/status: expected an HTTP status from 100 to 599");
  }
  if (!number("reset_in", rule.reset_in_s) || rule.reset_in_s < 0 || rule.reset_in_s > 86400) {
    return fail("/reset_in: expected seconds from 0 to 86400 (0: the next full hour)");
  }
  if (!number("latency_ms", rule.latency_ms) || rule.latency_ms < 0 || rule.latency_ms > 600000) {
    return fail("/latency_ms: expected milliseconds from 0 to 600000");
  }
  if (json.contains("body")) {
    rule.body = json["body"].is_string() ? json["body"].get<std::string>() : json["body"].dump();
  }
  if (json.contains("drop")) {
    if (!json["drop"].is_boolean()) return fail("/drop: expected true or false");
    rule.drop_connection = json["drop"].get<bool>();
  }
  if (json.contains("headers")) {
    if (!json["headers"].is_object()) return fail("/headers: expected an object of header names to strings");
    for (const auto& [k, v] : json["headers"].items()) {
      if (!v.is_string()) return fail("/headers/" + k + ": expected a string");
      rule.headers.emplace_back(k, v.get<std::string>());
    }
  }
  if (rule.status == 0 && rule.latency_ms == 0 && !rule.drop_connection) {
    return fail("a fault rule needs at least one of status, latency_ms or drop");
  }
  return rule;
}

nlohmann::json fault_rule_to_json(const FaultRule& rule) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [k, v] : rule.headers) headers[k] = v;
  return {{"id", rule.id},
          {"method", rule.method},
          {"family", rule.family},
          {"path", rule.path},
          {"from", rule.from_match},
          {"to", rule.to_match},
          {"status", rule.status},
          {"body", rule.body},
          {"headers", headers},
          {"reset_in", rule.reset_in_s},
          {"latency_ms", rule.latency_ms},
          {"drop", rule.drop_connection},
          {"matched", rule.matched}};
}

std::string FaultSet::add(FaultRule rule) {
  std::lock_guard lock(mutex_);
  if (rule.id.empty()) rule.id = "fault-" + std::to_string(next_id_++);
  rule.matched = 0;
  rules_.push_back(rule);
  return rule.id;
}

void FaultSet::clear() {
  std::lock_guard lock(mutex_);
  rules_.clear();
}

std::vector<FaultRule> FaultSet::rules() const {
  std::lock_guard lock(mutex_);
  return rules_;
}

std::optional<FaultAction> FaultSet::match(const std::string& method, const std::string& path,
                                           const std::vector<std::string_view>& families) {
  std::lock_guard lock(mutex_);
  std::optional<FaultAction> action;
  for (auto& rule : rules_) {
    if ((rule.method != "*" && !text::iequals(rule.method, method)) || !glob_match(rule.path, path)) continue;
    if (!rule.family.empty() && std::find(families.begin(), families.end(), rule.family) == families.end()) continue;
    int n = ++rule.matched;
    if (action || n < rule.from_match || (rule.to_match != 0 && n > rule.to_match)) continue;
    action = FaultAction{rule.id,         rule.status,     rule.body,           rule.headers,
                         rule.reset_in_s, rule.latency_ms, rule.drop_connection};
  }
  return action;
}

// "Rate Limit Exceeded. Limit of 500 api operations reached. Try again on 2024-10-04 14:00:00 UTC":
// Cloudinary's 420 message as users quote it (yoelpc4/laravel-cloudinary#11); the Node SDK's
// docs/troubleshoot-errors.md knows the error as "Rate limit exceeded".
std::string rate_limit_message(std::int64_t limit, std::int64_t reset_unix) {
  return "Rate Limit Exceeded. Limit of " + std::to_string(limit) + " api operations reached. Try again on " +
         format_utc_for_rate_limit_message(reset_unix);
}

HttpResponse fault_response(const FaultAction& action, std::int64_t now_unix_ms) {
  HttpResponse response;
  if (action.status == 0) {
    response.status = 200;  // latency or a dropped connection only
  } else if (action.status == 420 || action.status == 429) {
    // Cloudinary's quota is hourly and resets at the start of the next hour
    // (https://cloudinary.com/documentation/admin_api#usage_limits); a scenario may bring the reset
    // closer. Rounded up to a whole second: the header cannot say less, and an integration that
    // waits until it must find the quota reset.
    const std::int64_t now = now_unix_ms / 1000;
    const std::int64_t reset =
        action.reset_in_s > 0 ? (now_unix_ms + action.reset_in_s * 1000LL + 999) / 1000 : now - now % 3600 + 3600;
    response = cloudinary_error(action.status, rate_limit_message(kFreePlanOperationsPerHour, reset));
    // The headers Cloudinary reports its quota in, also on a refusal: X-FeatureRateLimit-Limit,
    // -Remaining and -Reset, an HTTP date (Node SDK lib/api_client/execute_request.js:161-168 reads
    // exactly these; https://cloudinary.com/documentation/admin_api#usage_limits). Cloudinary is not
    // known to send Retry-After (neither its docs nor its SDKs name it): a rule adds it when a
    // scenario wants one.
    const HeaderList quota = {{"X-FeatureRateLimit-Limit", std::to_string(kFreePlanOperationsPerHour)},
                              {"X-FeatureRateLimit-Remaining", "0"},
                              {"X-FeatureRateLimit-Reset", http_date(reset)}};
    for (const auto& h : quota) {
      if (!has_header(action.headers, h.first)) response.headers.push_back(h);
    }
  } else if (action.status >= 500) {
    // Cloudinary's own 500 body, e.g. to an upload (cloudinary/cloudinary_angular#48) and to a search
    // (cloudinary/cloudinary_npm#684). 502-504 come from its front servers, whose body is not always
    // JSON (an HTML page in cloudinary/cloudinary_gem#118): the mock keeps the JSON shape, which the
    // Node SDK reports as "Server returned unexpected status code - 503" all the same (lib/uploader.js:479).
    response = cloudinary_error(action.status, "General Error");
  } else {
    // No Cloudinary wording is known for a refusal of this status out of context; the shape is its own.
    response = cloudinary_error(action.status, "HTTP " + std::to_string(action.status));
  }
  if (!action.body.empty()) response.body = action.body;
  for (const auto& h : action.headers) response.headers.push_back(h);
  response.drop_connection = action.drop_connection;
  return response;
}

}  // namespace cldcert::mock
