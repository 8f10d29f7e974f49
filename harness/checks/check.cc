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
    case Verdict::kNotApplicable: return "not_applicable";
  }
  return "error";
}

std::optional<Verdict> verdict_from_name(std::string_view name) {
  for (Verdict v : {Verdict::kPass, Verdict::kFail, Verdict::kWarn, Verdict::kSkip, Verdict::kError, Verdict::kWaived,
                    Verdict::kNotApplicable}) {
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

CheckResult skipped_check(std::string reason) {
  CheckResult r;
  r.verdict = Verdict::kSkip;
  r.message = std::move(reason);
  return r;
}

CheckResult not_applicable_check(std::string reason) {
  CheckResult r;
  r.verdict = Verdict::kNotApplicable;
  r.message = std::move(reason);
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

Findings::Findings(std::string expected) { r_.expected = std::move(expected); }

void Findings::judge() {
  by_thing_ = true;
  thing_bad_ = false;
  ++judged_;
}

bool Findings::count(const std::string& seen, const std::string& problem) {
  const bool first = problems_.empty();
  if (first) r_.seen = seen;
  if (!by_thing_ || !thing_bad_) ++bad_;
  thing_bad_ = true;
  problems_.push_back(problem.empty() ? seen : problem);
  return first;
}

bool Findings::add(const std::string& seen, Evidence evidence, const std::string& problem) {
  const bool first = count(seen, problem);
  r_.evidence.push_back(std::move(evidence));
  return first;
}

bool Findings::add(const std::string& seen, std::vector<Evidence> evidence) {
  const bool first = count(seen, "");
  for (auto& e : evidence) r_.evidence.push_back(std::move(e));
  return first;
}

bool Findings::add(const StepRecord& step, const mock::JournalEntry* entry, const std::string& why) {
  return add(step_ref(step) + " " + why, entry ? request_in_step(*entry, step, why) : step_evidence(step, why));
}

void Findings::also(Evidence evidence) { r_.evidence.push_back(std::move(evidence)); }

void Findings::warn(const std::string& why, Evidence evidence) {
  warnings_.push_back(why);
  r_.evidence.push_back(std::move(evidence));
}

void Findings::closest(std::string near_miss) { r_.near_miss = std::move(near_miss); }

void Findings::saw(std::string seen) { r_.seen = std::move(seen); }

CheckResult Findings::conclude(std::size_t total, const std::string& noun, const std::string& pass,
                               const std::string& fail, std::string hint, std::string warn_hint) {
  if (bad_ > 0) {
    std::string message =
        std::to_string(bad_) + " of " + std::to_string(total) + " " + noun + " " + fail + ": " + r_.seen;
    if (by_thing_ && problems_.size() > 1) {
      message += " (" + std::to_string(problems_.size()) + " problems:";
      for (std::size_t i = 0; i < problems_.size(); ++i) message += (i ? "; " : " ") + problems_[i];
      message += ")";
    }
    return finish(Verdict::kFail, std::move(message), std::move(hint));
  }
  if (!warnings_.empty()) {
    r_.seen = warnings_.front();
    return finish(Verdict::kWarn,
                  std::to_string(total) + " " + noun + " " + pass + ", but " + warnings_.front() +
                      (warnings_.size() > 1 ? " (and " + std::to_string(warnings_.size() - 1) + " more)" : ""),
                  std::move(warn_hint));
  }
  return finish(Verdict::kPass, std::to_string(total) + " " + noun + ", " + pass, "");
}

CheckResult Findings::pass(std::string message) { return finish(Verdict::kPass, std::move(message), ""); }

CheckResult Findings::fail(std::string message, std::string hint) {
  return finish(Verdict::kFail, std::move(message), std::move(hint));
}

CheckResult Findings::error(std::string message, std::string hint) {
  return finish(Verdict::kError, std::move(message), std::move(hint));
}

CheckResult Findings::finish(Verdict verdict, std::string message, std::string hint) {
  r_.verdict = verdict;
  r_.message = std::move(message);
  r_.hint = std::move(hint);
  return std::move(r_);
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
