#include "harness/checks/check.h"

#include <algorithm>

namespace cldcert {

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass: return "pass";
    case Verdict::kFail: return "fail";
    case Verdict::kWarn: return "warn";
    case Verdict::kSkip: return "skip";
    case Verdict::kError: return "error";
    case Verdict::kWaived: return "waived";
  }
  return "error";
}

std::optional<Verdict> verdict_from_name(std::string_view name) {
  for (Verdict v : {Verdict::kPass, Verdict::kFail, Verdict::kWarn, Verdict::kSkip, Verdict::kError, Verdict::kWaived}) {
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

std::string step_ref(const StepRecord& step) { return step.action + "#" + std::to_string(step.index + 1); }

Evidence step_evidence(const StepRecord& step, const std::string& detail) {
  return Evidence{"step", step_ref(step), detail};
}

CheckResult skipped_check(std::string id, std::string reason) {
  CheckResult r;
  r.id = std::move(id);
  r.verdict = Verdict::kSkip;
  r.message = std::move(reason);
  return r;
}

CheckResult conclude(CheckResult r, std::size_t bad, std::size_t total, const std::string& noun,
                     const std::string& pass, const std::string& fail, std::string hint) {
  if (bad == 0) {
    r.verdict = Verdict::kPass;
    r.message = std::to_string(total) + " " + noun + ", " + pass;
    return r;
  }
  r.verdict = Verdict::kFail;
  r.message = std::to_string(bad) + " of " + std::to_string(total) + " " + noun + " " + fail + ": " + r.seen;
  r.hint = std::move(hint);
  return r;
}

const StoredAsset* StoreSnapshot::find(std::string_view cloud, std::string_view resource_type, std::string_view type,
                                       std::string_view public_id) const {
  for (const auto& a : assets) {
    if (a.cloud == cloud && a.resource_type == resource_type && a.type == type && a.public_id == public_id) return &a;
  }
  return nullptr;
}

bool StoreSnapshot::has_named(std::string_view cloud, std::string_view name) const {
  return std::any_of(named_transformations.begin(), named_transformations.end(),
                     [&](const NamedTransformation& n) { return n.cloud == cloud && n.name == name; });
}

Evidence request_in_step(const mock::JournalEntry& entry, const StepRecord& step, const std::string& why) {
  Evidence e = request_evidence(entry);
  e.detail += " during " + step_ref(step) + ": " + why;
  return e;
}

void add_finding(CheckResult& r, std::size_t& bad, const StepRecord& step, const mock::JournalEntry* entry,
                 const std::string& why, const std::string& near_miss) {
  if (bad++ == 0) {
    r.seen = step_ref(step) + " " + why;
    if (!near_miss.empty()) r.near_miss = near_miss;
  }
  r.evidence.push_back(entry ? request_in_step(*entry, step, why) : step_evidence(step, why));
}

std::optional<std::string> form_field(const mock::JournalEntry& entry, std::string_view name) {
  for (const auto& f : entry.fields) {
    if (!f.is_file && f.name == name) return f.value;
  }
  return std::nullopt;
}

std::string step_arg(const StepRecord& step, const std::string& name) {
  auto it = step.args.find(name);
  return it == step.args.end() ? "" : it->second;
}

std::vector<const mock::JournalEntry*> step_requests(const StepRecord& step,
                                                     const std::vector<mock::JournalEntry>& journal) {
  std::vector<const mock::JournalEntry*> out;
  for (const auto& e : journal) {
    if (e.id > step.first_journal_id && e.id <= step.last_journal_id) out.push_back(&e);
  }
  return out;
}

bool is_api_request(const mock::JournalEntry& entry) {
  return entry.api == "upload" || entry.api == "admin" || entry.api == "provisioning";
}

}  // namespace cldcert
