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

}  // namespace
}  // namespace cldcert
