// Every check by its stable id: the catalog (harness/checks/catalog.json: checklist item,
// level, title) joined with the function that judges it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/checks/check.h"

namespace cldcert {

using CheckFunction = CheckResult (*)(const CheckInput&);

struct CheckDefinition {
  std::string id;
  std::string item;   // checklist item, e.g. "T2"
  std::string level;  // required | recommended
  std::string title;
  CheckFunction run = nullptr;
  // Further items the same rule serves, where the checklist says "see <item>" (R16 → B5).
  std::vector<std::string> also = {};
  // The scenario actions whose steps give this check its evidence; empty: every step. A step of
  // these that errored or never ran leaves the check without its evidence (missing_evidence.h).
  std::vector<std::string> needs = {};
  // Judged on whatever the integration did (its traffic and output, whatever the steps' exits): only
  // the steps `needs` names can be missing, and only when cut short or never started.
  bool judged_on_what_ran = false;
  // Also judged in every scenario whose traffic holds an answer with one of these statuses that no
  // injected fault caused: a real cloud's rate limit in a live run is judged where it happens.
  std::vector<int> judged_wherever_answered = {};

  bool serves(std::string_view checklist_item) const;
};

// A check's row in the registry. The item is the catalog's, repeated so that the table reads
// family → check → item; loading the catalog checks the two agree.
struct CheckRow {
  std::string_view id;
  std::string_view item;
  CheckFunction run = nullptr;
};

// The checks of one file of harness/checks/. A check `<family>.<name>` lives in
// `<family>_checks.cc`, or in `<family>_<name>_check.cc` when it has a file of its own.
struct CheckFile {
  std::string_view file;
  std::vector<CheckRow> checks;
};
const std::vector<CheckFile>& check_files();
bool follows_file_rule(std::string_view id, std::string_view file);

// Throws std::logic_error when the catalog and the code disagree (a build mistake, caught by tests).
const std::vector<CheckDefinition>& all_checks();
const CheckDefinition* find_check(std::string_view id);

// Runs one check: fills id and level, turns a failed recommended check into a warning,
// and an exception into an `error` verdict, so one broken check never stops a run.
CheckResult run_check(const CheckDefinition& check, const CheckInput& input);

}  // namespace cldcert
