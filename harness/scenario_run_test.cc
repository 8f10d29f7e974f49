#include "harness/scenario_run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "harness/checks/check_test_support.h"
#include "harness/run_report.h"

namespace cldcert {
namespace {

Scenario lifecycle() {
  Scenario s;
  s.id = "lifecycle";
  s.steps = {{"cldcert.snapshot", "", {{"label", "before_install"}}, {}},
             {"install", "", {}, {}},
             {"cldcert.health", "", {}, {}}};
  return s;
}

TEST(NotApplicableReason, HostStepsNeedTheHostPlatformInTheManifest) {
  Manifest m;
  m.actions["install"] = ActionSpec{{"i"}, 60, "", {}};
  EXPECT_EQ(not_applicable_reason(lifecycle(), m),
            "the manifest has no host.root (the host platform's folder to snapshot)");
  m.host_root = "{workdir}/site";
  EXPECT_EQ(not_applicable_reason(lifecycle(), m),
            "the manifest has no host.health (a command that exits 0 when the platform works)");
  m.host_health = ActionSpec{{"health"}, 60, "", {}};
  EXPECT_EQ(not_applicable_reason(lifecycle(), m), std::nullopt);
  m.actions.clear();
  EXPECT_EQ(not_applicable_reason(lifecycle(), m), "the manifest has no 'install' action");
}

// A scenario cldcert cannot run (here: its work folder cannot be created under a file) must reach
// the caller as an exception, which makes that one scenario an error; while the mock's server
// thread was running it used to call std::terminate and end the whole run.
TEST(RunScenario, AnExceptionWhileTheMockServesReachesTheCaller) {
  const auto temp =
      std::filesystem::temp_directory_path() / ("cldcert-scenario-run-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(temp);
  std::ofstream(temp / "a-file") << "not a folder";
  Scenario s;
  s.id = "nothing";
  ScenarioRunOptions options;
  options.work_dir = temp / "a-file" / "work";
  options.fixture_cache = temp / "fixtures";
  EXPECT_THROW(run_scenario(s, Manifest{}, options), std::filesystem::filesystem_error);
  std::filesystem::remove_all(temp);
}

// An integration configured through its environment gets the placeholders' values, not their text.
TEST(RunScenario, PlaceholdersInAnActionsEnvAreReplacedLikeArgv) {
  const auto temp =
      std::filesystem::temp_directory_path() / ("cldcert-scenario-env-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(temp);
  Manifest m;
  m.dir = temp;
  m.actions["install"] =
      ActionSpec{{"/bin/sh", "-c", "printf '%s\\n' \"$WHERE\""}, 60, "", {{"WHERE", "at {workdir}/x"}}};
  Scenario s;
  s.id = "env";
  s.steps = {{"install", "", {}, {}}};
  ScenarioRunOptions options;
  options.work_dir = temp / "work";
  options.fixture_cache = temp / "fixtures";
  const ScenarioOutcome outcome = run_scenario(s, m, options);
  ASSERT_EQ(outcome.steps.size(), 1u) << outcome.reason;
  EXPECT_EQ(outcome.steps[0].stdout_text, "at " + (temp / "work").string() + "/x\n");
  std::filesystem::remove_all(temp);
}

// The evidence of a scenario [install, login, upload, deliver, logout, uninstall] whose upload sends
// no User-Agent and no secret; `errored` is the 0-based step that errored (exit 1), or -1.
struct ErroredRun {
  Scenario scenario;
  testing_support::Evidence evidence;
  ScenarioOutcome outcome;

  explicit ErroredRun(int errored) {
    scenario.id = "errored-step";
    scenario.checklist = {"T1", "T2", "R1"};
    scenario.checks = {"ua.format", "secret.traffic", "delivery.host"};
    for (const char* action : {"install", "login", "upload", "deliver", "logout", "uninstall"}) {
      ScenarioStep step;
      step.action = action;
      scenario.steps.push_back(step);
    }
    for (int i = 0; i < static_cast<int>(scenario.steps.size()); ++i) {
      StepRecord& step = evidence.step(scenario.steps[i].action);
      if (scenario.steps[i].action == "upload") evidence.request("POST", "/v1_1/alpha/image/upload").action = "upload";
      if (i == errored) {
        step.exit_code = 1;
        step.error = "exited with 1; stderr: boom";
        outcome.reason = "step " + std::to_string(i + 1) + " (" + step.action + ") " + step.error;
        break;
      }
    }
    outcome.scenario = &scenario;
    outcome.steps = evidence.steps();
    CheckInput input{evidence.manifest(), evidence.journal(), outcome.steps, evidence.accounts(), {}, {}};
    judge_scenario(outcome, input);
  }
  Verdict check(const std::string& id) const {
    for (const auto& c : outcome.checks)
      if (c.id == id) return c.verdict;
    throw std::runtime_error("no check " + id);
  }
  std::string item(const std::string& id) const {
    for (const auto& line : checklist_verdicts({outcome})) {
      if (line["item"] == id) return line["verdict"];
    }
    return "";
  }
};

TEST(JudgeScenario, AnErroredLastStepHidesNeitherAFailureNorAPass) {
  ErroredRun run(5);  // uninstall exited 1: every request of the scenario is recorded
  EXPECT_EQ(run.check("ua.format"), Verdict::kFail);
  EXPECT_EQ(run.check("secret.traffic"), Verdict::kPass);
  EXPECT_EQ(run.outcome.verdict, Verdict::kFail);
  EXPECT_EQ(run.item("T2"), "fail");
  EXPECT_EQ(run.item("T1"), "pass");
  EXPECT_EQ(scenario_json(run.outcome)["errored"], true);
}

TEST(JudgeScenario, AnErroredStepMakesErrorsOnlyOfTheChecksThatNeededWhatItTookAway) {
  ErroredRun run(2);  // upload exited 1 after its request; deliver, logout and uninstall never ran
  // The request without a User-Agent was sent: the failure stands.
  EXPECT_EQ(run.check("ua.format"), Verdict::kFail);
  // The steps after it never ran: "no secret sent" is unproven, and so is every delivery URL.
  EXPECT_EQ(run.check("secret.traffic"), Verdict::kError);
  EXPECT_EQ(run.check("delivery.host"), Verdict::kError);
  EXPECT_EQ(run.item("T2"), "fail");
  EXPECT_EQ(run.item("T1"), "error");
  EXPECT_EQ(run.item("R1"), "error");
}

TEST(JudgeScenario, AStepNoCheckNeededChangesNoVerdict) {
  ErroredRun clean(-1), errored(5);
  EXPECT_EQ(clean.check("delivery.host"), errored.check("delivery.host"));
  EXPECT_NE(errored.check("delivery.host"), Verdict::kError);
}

}  // namespace
}  // namespace cldcert
