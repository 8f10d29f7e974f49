#include "harness/live/live_shard_merge.h"

#include <string>

#include "harness/live/shadow_fidelity.h"

namespace cldcert::live {
namespace {

using nlohmann::json;

std::uint64_t count(const json& doc, const char* key) {
  if (!doc.is_object() || !doc.contains(key) || !doc[key].is_number_integer()) return 0;
  if (doc[key].is_number_unsigned()) return doc[key].get<std::uint64_t>();
  const std::int64_t value = doc[key].get<std::int64_t>();
  return value > 0 ? static_cast<std::uint64_t>(value) : 0;  // a negative count is none
}

void append(json& to, const json& doc, const char* key) {
  if (!doc.is_object() || !doc.contains(key) || !doc[key].is_array()) return;
  for (const auto& item : doc[key]) to.push_back(item);
}

// The later observation of a cloud's hourly budget: a later reset is a later hour; within one hour fewer
// calls left is later.
bool later_budget(const json& candidate, const json& seen) {
  const std::string a = candidate.value("reset", json()).is_string() ? candidate["reset"].get<std::string>() : "";
  const std::string b = seen.value("reset", json()).is_string() ? seen["reset"].get<std::string>() : "";
  if (a != b) return a > b;
  const json ra = candidate.value("remaining", json()), rb = seen.value("remaining", json());
  return ra.is_number() && (!rb.is_number() || ra.get<double>() < rb.get<double>());
}

}  // namespace

json merge_fidelity_documents(const std::vector<json>& documents) {
  std::uint64_t compared = 0, differing = 0;
  json differences = json::array();
  for (const auto& doc : documents) {
    compared += count(doc, "compared");
    differing += count(doc, "differing");
    append(differences, doc, "differences");
  }
  if (differences.size() > kMaxRecordedAnswers) {
    differences.erase(differences.begin() + static_cast<std::ptrdiff_t>(kMaxRecordedAnswers), differences.end());
  }
  return fidelity_document(compared, differing, differences);
}

json merge_live_reports(const std::vector<json>& lives, const json& fidelity) {
  json out = lives.empty() || !lives.front().is_object() ? json::object() : lives.front();
  std::uint64_t requests = 0, sent = 0, received = 0;
  json left = json::array(), problems = json::array(), runs = json::array(), budgets = json::object();
  for (const auto& live : lives) {
    requests += count(live, "requests");
    sent += count(live, "bytes_sent");
    received += count(live, "bytes_received");
    append(left, live, "left_behind");
    append(problems, live, "record_problems");
    if (live.is_object() && live.contains("run_id"))
      runs.push_back({{"run_id", live["run_id"]}, {"tag", live.value("tag", json())}});
    if (live.is_object() && live.contains("rate_limits") && live["rate_limits"].is_object()) {
      for (const auto& [cloud, budget] : live["rate_limits"].items()) {
        if (!budgets.contains(cloud) || later_budget(budget, budgets[cloud])) budgets[cloud] = budget;
      }
    }
  }
  out["requests"] = requests;
  out["bytes_sent"] = sent;
  out["bytes_received"] = received;
  out["left_behind"] = left;
  out["rate_limits"] = budgets;
  out["fidelity"] = fidelity_summary(fidelity);
  if (!runs.empty()) {
    out["runs"] = runs;
    out["record_problems"] = problems;
  }
  return out;
}

}  // namespace cldcert::live
