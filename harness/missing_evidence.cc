#include "harness/missing_evidence.h"

#include <algorithm>
#include <charconv>
#include <string_view>

namespace cldcert {
namespace {

std::string ref_of(const MissingStep& step) { return step.action + "#" + std::to_string(step.index + 1); }

// Whether `evidence` is something the integration did that the missing steps cannot change.
bool stands(const Evidence& evidence, const std::vector<MissingStep>& missing) {
  if (evidence.kind == "step") {
    return std::none_of(missing.begin(), missing.end(),
                        [&](const MissingStep& m) { return ref_of(m) == evidence.ref; });
  }
  std::uint64_t id = 0;
  const std::string_view ref = evidence.ref;
  if (evidence.kind == "request" && ref.rfind("journal:", 0) == 0 &&
      std::from_chars(ref.data() + 8, ref.data() + ref.size(), id).ec == std::errc()) {
    return std::none_of(missing.begin(), missing.end(), [&](const MissingStep& m) {
      return m.cut && id > m.first_journal_id && id <= m.last_journal_id;
    });
  }
  return true;
}

}  // namespace

std::vector<MissingStep> missing_steps(const Scenario& scenario, const std::vector<StepRecord>& ran,
                                       const std::vector<std::string>& needs, bool judged_on_what_ran,
                                       const std::string& reason) {
  // Judged on whatever the integration did: only the steps such a check names can be missing.
  if (judged_on_what_ran && needs.empty()) return {};
  std::vector<MissingStep> out;
  std::string stopped_at;
  for (const auto& step : ran) {
    if (!step.error.empty()) stopped_at = step.action + "#" + std::to_string(step.index + 1);
  }
  for (std::size_t i = 0; i < scenario.steps.size(); ++i) {
    const std::string& action = scenario.steps[i].action;
    if (!needs.empty() && std::find(needs.begin(), needs.end(), action) == needs.end()) continue;
    MissingStep m;
    m.index = i;
    m.action = action;
    if (i < ran.size()) {
      const StepRecord& step = ran[i];
      if (step.error.empty()) continue;  // ran, or an optional step left out: nothing of it is missing
      m.why = "errored: " + step.error;
      m.cut = step.timed_out || step.term_signal != 0;
      const bool started = m.cut || step.exit_code >= 0;      // not a bad placeholder, not a spawn failure
      if (judged_on_what_ran && started && !m.cut) continue;  // it exited on its own: judged as it is
      m.first_journal_id = step.first_journal_id;
      m.last_journal_id = step.last_journal_id;
    } else {
      m.why = stopped_at.empty() ? "did not run: " + (reason.empty() ? std::string("the scenario stopped") : reason)
                                 : "did not run: the scenario stopped at " + stopped_at;
    }
    out.push_back(std::move(m));
  }
  return out;
}

void account_for_missing(CheckResult& result, const std::vector<MissingStep>& missing) {
  if (missing.empty()) return;
  const MissingStep& first = missing.front();
  const std::string more = missing.size() > 1 ? " (and " + std::to_string(missing.size() - 1) + " more)" : "";
  const bool shown = std::any_of(result.evidence.begin(), result.evidence.end(),
                                 [&](const Evidence& e) { return stands(e, missing); });
  if ((result.verdict == Verdict::kFail || result.verdict == Verdict::kWarn) && shown) {
    result.message += " [judged on the evidence recorded: " + ref_of(first) + more + " " +
                      (first.why.rfind("errored", 0) == 0 ? "errored" : "did not run") + "]";
    return;
  }
  // Not applicable is read from the manifest, not from steps: nothing they missed changes it.
  if (result.verdict == Verdict::kError || result.verdict == Verdict::kNotApplicable) return;
  if (result.seen.empty()) result.seen = "on the evidence recorded: " + result.message;
  result.verdict = Verdict::kError;
  result.message = "not judged: it needs the evidence of " + ref_of(first) + more + ", which " + first.why;
  result.hint =
      "Fix what stopped the scenario at its first error, then run it again: this check is judged on "
      "the steps it needs.";
}

}  // namespace cldcert
