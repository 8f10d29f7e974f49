// Faults installed on purpose so a scenario can see how an integration copes: for requests
// matching a method and path pattern, from the Nth to the Mth match, answer a given status
// and body, add latency, or drop the connection.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/http_types.h"

namespace cldcert::mock {

struct FaultRule {
  std::string id;            // assigned when added, unless given
  std::string method = "*";  // "*" or an HTTP method
  std::string path = "*";    // glob: '*' matches any run of characters, '/' included
  int from_match = 1;        // 1-based: the first matching request this rule acts on
  int to_match = 0;          // inclusive; 0 = no end
  int status = 0;            // 0 = answer normally (latency only)
  std::string body;          // default: Cloudinary's error shape for the status
  HeaderList headers;
  int latency_ms = 0;
  bool drop_connection = false;
  int matched = 0;  // requests seen so far that matched method and path
};

// What to do to one request; `rule_id` names the rule for the journal.
struct FaultAction {
  std::string rule_id;
  int status = 0;
  std::string body;
  HeaderList headers;
  int latency_ms = 0;
  bool drop_connection = false;
};

// Parses a rule from the control API's JSON ({"method","path","from","to","status","body",
// "headers","latency_ms","drop"}); nullopt with `error` naming the bad field.
std::optional<FaultRule> fault_rule_from_json(const nlohmann::json& json, std::string* error);
nlohmann::json fault_rule_to_json(const FaultRule& rule);

bool glob_match(std::string_view pattern, std::string_view text);

class FaultSet {
 public:
  std::string add(FaultRule rule);
  void clear();
  std::vector<FaultRule> rules() const;
  // Counts the request against every rule it matches; the first rule in range acts.
  std::optional<FaultAction> match(const std::string& method, const std::string& path);

 private:
  mutable std::mutex mutex_;
  std::vector<FaultRule> rules_;
  int next_id_ = 1;
};

}  // namespace cldcert::mock
