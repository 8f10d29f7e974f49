// Faults installed on purpose so a scenario can see how an integration copes: for requests
// matching a method, an API family and a path pattern, from the Nth to the Mth match, answer a
// status with Cloudinary's own body and headers, add latency, or drop the connection.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/http_types.h"
#include "mocks/journal.h"

namespace cldcert::mock {

// What a request is for, whatever path spells it, so that a fault meets every integration:
// "upload" (the Upload API's upload of any resource type, `auto` and the typeless
// /v1_1/<cloud>/upload included, and each chunk of a chunked upload), "delete" (the Upload API's
// destroy, or an Admin API DELETE of resources), "admin" (any Admin API call) and "delivery"
// (res.cloudinary.com URLs).
inline constexpr std::string_view kApiFamilies[] = {"upload", "delete", "admin", "delivery"};

// The families a routed request belongs to, read from the labels the mock's routing gave its
// journal entry (api, action, path); empty for none (provisioning, control, unknown paths).
std::vector<std::string_view> api_families(const std::string& method, const JournalEntry& routed);

struct FaultRule {
  std::string id;            // assigned when added, unless given
  std::string method = "*";  // "*" or an HTTP method
  std::string family;        // "" (any) or one of kApiFamilies; a request must match it and `path`
  std::string path = "*";    // glob: '*' matches any run of characters, '/' included
  int from_match = 1;        // 1-based: the first matching request this rule acts on
  int to_match = 0;          // inclusive; 0 = no end
  int status = 0;            // 0 = answer normally (latency only)
  std::string body;          // default: Cloudinary's error body for the status (fault_response)
  HeaderList headers;        // added to (and replacing) the ones fault_response writes
  int reset_in_s = 0;        // 420/429: seconds until the quota resets; 0 = the next full hour
  int latency_ms = 0;
  bool drop_connection = false;
  int matched = 0;  // requests seen so far that matched method, family and path
};

// What to do to one request; `rule_id` names the rule for the journal.
struct FaultAction {
  std::string rule_id;
  int status = 0;
  std::string body;
  HeaderList headers;
  int reset_in_s = 0;
  int latency_ms = 0;
  bool drop_connection = false;
};

// Parses a rule from the control API's JSON ({"method","family","path","from","to","status",
// "body","headers","reset_in","latency_ms","drop"}); nullopt with `error` naming the bad field.
std::optional<FaultRule> fault_rule_from_json(const nlohmann::json& json, std::string* error);
nlohmann::json fault_rule_to_json(const FaultRule& rule);

bool glob_match(std::string_view pattern, std::string_view text);

// Cloudinary's words when a cloud's quota is spent, with `limit` operations an hour and the time
// it resets.
std::string rate_limit_message(std::int64_t limit, std::int64_t reset_unix);

// The answer to a request a fault refuses at `now_unix_ms`: Cloudinary's, unless the rule gave
// its own body or headers.
HttpResponse fault_response(const FaultAction& action, std::int64_t now_unix_ms);

class FaultSet {
 public:
  std::string add(FaultRule rule);
  void clear();
  std::vector<FaultRule> rules() const;
  // Counts the request against every rule it matches; the first rule in range acts. `families`
  // are the request's (api_families); a rule with a family matches only those.
  std::optional<FaultAction> match(const std::string& method, const std::string& path,
                                   const std::vector<std::string_view>& families = {});

 private:
  mutable std::mutex mutex_;
  std::vector<FaultRule> rules_;
  int next_id_ = 1;
};

}  // namespace cldcert::mock
