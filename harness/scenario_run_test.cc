#include "harness/scenario_run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace cldcert {
namespace {

Scenario lifecycle() {
  Scenario s;
  s.id = "lifecycle";
  s.steps = {{"cldcert.snapshot", "", {{"label", "before_install"}}, false},
             {"install", "", {}, false},
             {"cldcert.health", "", {}, false}};
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
  s.steps = {{"install", "", {}, false}};
  ScenarioRunOptions options;
  options.work_dir = temp / "work";
  options.fixture_cache = temp / "fixtures";
  const ScenarioOutcome outcome = run_scenario(s, m, options);
  ASSERT_EQ(outcome.steps.size(), 1u) << outcome.reason;
  EXPECT_EQ(outcome.steps[0].stdout_text, "at " + (temp / "work").string() + "/x\n");
  std::filesystem::remove_all(temp);
}

}  // namespace
}  // namespace cldcert
