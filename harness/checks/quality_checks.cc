#include "harness/checks/quality_checks.h"

#include <string>
#include <vector>

#include "harness/checks/test_counts.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

const StepRecord* last_step(const CheckInput& input, std::string_view action) {
  const StepRecord* found = nullptr;
  for (const auto& step : input.steps) {
    if (step.action == action) found = &step;
  }
  return found;
}

std::vector<std::string> listed(const nlohmann::json& survey, const char* key) {
  std::vector<std::string> out;
  if (!survey.is_object() || !survey.contains(key) || !survey[key].is_array()) return out;
  for (const auto& path : survey[key]) {
    if (path.is_string()) out.push_back(path.get<std::string>());
  }
  return out;
}

}  // namespace

CheckResult check_quality_evidence(const CheckInput& input) {
  Findings f("its own tests run and pass, with a linter or formatter configuration and a CI configuration");
  const StepRecord* tests = last_step(input, "test");
  const StepRecord* survey = last_step(input, "cldcert.survey_code");
  if (survey == nullptr || !survey->last_json.is_object()) {
    return skipped_check("cldcert.survey_code did not run in this scenario");
  }
  std::vector<std::string> shown;
  if (tests == nullptr || !tests->skipped.empty()) {
    std::vector<Evidence> why;
    if (tests) why.push_back(step_evidence(*tests, tests->skipped));
    f.add("no `test` action in the manifest: the integration's own tests were not run", std::move(why));
  } else {
    auto counts = test_counts(tests->stdout_text + "\n" + tests->stderr_text);
    std::string ran =
        "tests exited " + std::to_string(tests->exit_code) +
        (counts ? " (" + std::to_string(counts->passed) + " passed, " + std::to_string(counts->failed) + " failed)"
                : " (no summary of a known test runner in their output)");
    shown.push_back(ran);
    if (tests->exit_code != 0 || (counts && counts->failed > 0)) {
      f.add("its tests failed: " + ran, step_evidence(*tests, ran));
    } else if (counts && counts->passed == 0) {
      f.add("its test action ran no test: " + ran, step_evidence(*tests, ran));
    } else {
      f.also(step_evidence(*tests, ran));
    }
  }
  const auto linters = listed(survey->last_json, "linters");
  const auto ci = listed(survey->last_json, "ci");
  const auto folders = listed(survey->last_json, "tests");
  if (linters.empty()) {
    f.add("no linter or formatter configuration (.eslintrc, phpcs.xml, .flake8, …) in the repository",
          step_evidence(*survey, "linters: none"));
  } else {
    shown.push_back("linter: " + text::join(linters, ", "));
  }
  if (ci.empty()) {
    f.add("no CI configuration (.github/workflows/…, .gitlab-ci.yml, …) in the repository",
          step_evidence(*survey, "ci: none"));
  } else {
    shown.push_back("CI: " + text::join(ci, ", "));
  }
  if (!folders.empty()) shown.push_back("test folders: " + text::join(folders, ", "));
  const std::string summary = shown.empty() ? "nothing" : text::join(shown, "; ");
  if (f.bad() == 0) {
    f.saw(summary);
    return f.pass(summary);
  }
  const std::string more = f.bad() > 1 ? " (and " + std::to_string(f.bad() - 1) + " more)" : "";
  return f.fail(f.seen() + more + "; found: " + summary,
                "Report-only (P2): give the manifest a `test` action that runs the integration's own tests, and "
                "keep a linter or formatter configuration and a CI configuration that runs both in the repository.");
}

}  // namespace cldcert
