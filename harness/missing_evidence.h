// A scenario that stopped at an errored step leaves some checks without their evidence: which steps
// a check needed did not give it, and what that makes of its verdict (never a pass on partial evidence).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/checks/check.h"
#include "harness/scenario.h"

namespace cldcert {

struct MissingStep {
  std::size_t index = 0;  // in the scenario, 0-based
  std::string action;
  std::string why;  // "errored: …", or "did not run: …"
  // Cut short by a timeout or a signal: its requests are incomplete. A step that exited with an
  // error on its own made every request it meant to.
  bool cut = false;
  std::uint64_t first_journal_id = 0, last_journal_id = 0;  // (first, last], when it ran
};

// The steps of `scenario` whose action is in `needs` (every step when `needs` is empty) that errored
// or never ran, given the steps that ran (`ran`, in order) and why the scenario stopped (`reason`).
// A check `judged_on_what_ran` (what the integration sent and printed, whatever it was) misses only
// the steps its `needs` names, and only those cut short or never started: one that exited with an
// error is judged as it is.
std::vector<MissingStep> missing_steps(const Scenario& scenario, const std::vector<StepRecord>& ran,
                                       const std::vector<std::string>& needs, bool judged_on_what_ran,
                                       const std::string& reason);

// Judges `result` again knowing what is missing. A failure (or warning) shown by evidence that was
// recorded stands: more evidence cannot undo a bad request. Anything else becomes an error naming the
// missing step: a pass or a skip on partial evidence proves nothing.
void account_for_missing(CheckResult& result, const std::vector<MissingStep>& missing);

}  // namespace cldcert
