#include "mocks/faults.h"

#include "mocks/text.h"

namespace cldcert::mock {

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
  if (!text("path", rule.path)) return fail("/path: expected a glob string such as \"/v1_1/*/resources*\"");
  if (!number("from", rule.from_match) || rule.from_match < 1) return fail("/from: expected a whole number >= 1");
  if (!number("to", rule.to_match) || rule.to_match < 0) return fail("/to: expected a whole number >= 0 (0: no end)");
  if (!number("status", rule.status) || (rule.status != 0 && (rule.status < 100 || rule.status > 599))) {
    return fail("/status: expected an HTTP status from 100 to 599");
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
          {"path", rule.path},
          {"from", rule.from_match},
          {"to", rule.to_match},
          {"status", rule.status},
          {"body", rule.body},
          {"headers", headers},
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

std::optional<FaultAction> FaultSet::match(const std::string& method, const std::string& path) {
  std::lock_guard lock(mutex_);
  std::optional<FaultAction> action;
  for (auto& rule : rules_) {
    if ((rule.method != "*" && !text::iequals(rule.method, method)) || !glob_match(rule.path, path)) continue;
    int n = ++rule.matched;
    if (action || n < rule.from_match || (rule.to_match != 0 && n > rule.to_match)) continue;
    action = FaultAction{rule.id, rule.status, rule.body, rule.headers, rule.latency_ms, rule.drop_connection};
  }
  return action;
}

}  // namespace cldcert::mock
