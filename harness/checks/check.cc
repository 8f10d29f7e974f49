#include "harness/checks/check.h"

namespace cldcert {

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass: return "pass";
    case Verdict::kFail: return "fail";
    case Verdict::kWarn: return "warn";
    case Verdict::kSkip: return "skip";
    case Verdict::kError: return "error";
  }
  return "error";
}

std::optional<Verdict> verdict_from_name(std::string_view name) {
  for (Verdict v : {Verdict::kPass, Verdict::kFail, Verdict::kWarn, Verdict::kSkip, Verdict::kError}) {
    if (verdict_name(v) == name) return v;
  }
  return std::nullopt;
}

std::string describe_request(const mock::JournalEntry& entry) {
  return entry.method + " " + entry.path + " at " + entry.started_at;
}

Evidence request_evidence(const mock::JournalEntry& entry) {
  return Evidence{"request", "journal:" + std::to_string(entry.id), describe_request(entry)};
}

bool is_api_request(const mock::JournalEntry& entry) {
  return entry.api == "upload" || entry.api == "admin" || entry.api == "provisioning";
}

}  // namespace cldcert
