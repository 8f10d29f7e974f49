#include "harness/scenario_run.h"

#include <gtest/gtest.h>

namespace cldcert {
namespace {

Scenario lifecycle() {
  Scenario s;
  s.id = "lifecycle";
  s.steps = {{"cldcert.snapshot", "", {{"label", "before_install"}}, false}, {"install", "", {}, false},
             {"cldcert.health", "", {}, false}};
  return s;
}

TEST(NotApplicableReason, HostStepsNeedTheHostPlatformInTheManifest) {
  Manifest m;
  m.actions["install"] = ActionSpec{{"i"}, 60, "", {}};
  EXPECT_EQ(not_applicable_reason(lifecycle(), m), "the manifest has no host.root (the host platform's folder to snapshot)");
  m.host_root = "{workdir}/site";
  EXPECT_EQ(not_applicable_reason(lifecycle(), m),
            "the manifest has no host.health (a command that exits 0 when the platform works)");
  m.host_health = ActionSpec{{"health"}, 60, "", {}};
  EXPECT_EQ(not_applicable_reason(lifecycle(), m), std::nullopt);
  m.actions.clear();
  EXPECT_EQ(not_applicable_reason(lifecycle(), m), "the manifest has no 'install' action");
}

}  // namespace
}  // namespace cldcert
