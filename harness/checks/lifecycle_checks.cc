#include "harness/checks/lifecycle_checks.h"

#include "harness/checks/lifecycle_steps.h"
#include "harness/checks/tree_diff.h"

namespace cldcert {
namespace {

// A finding with no step to point at (the step never ran because the scenario stopped before it).
void missing_step(Findings& f, const std::string& why) { f.add(why, Evidence{"step", "-", why}); }

}  // namespace

CheckResult check_lifecycle_actions(const CheckInput& input) {
  Findings f(
      "install, update and uninstall exit 0; the platform is healthy after install and update; a second "
      "uninstall exits 0 and changes nothing");
  bool any = false;
  for (const auto& s : input.steps) any = any || is_lifecycle_action(s.action);
  if (!any) return skipped_check("the scenario has no install, update or uninstall step");
  std::size_t total = 0;
  auto judge_exit = [&](const StepRecord* step, const std::string& what) {
    ++total;
    if (!step) {
      missing_step(f, what + " never ran (the scenario stopped before it)");
      return false;
    }
    if (step->exit_code == 0 && step->error.empty()) return true;
    std::string why = step->exit_code >= 0 ? "exited " + std::to_string(step->exit_code) : step->error;
    f.add(*step, nullptr, why + (step->stderr_text.empty() ? "" : "; stderr: " + tail(step->stderr_text, 300)));
    return false;
  };
  for (const std::string action : {"install", "update", "uninstall"}) {
    const StepRecord* step = nth_step(input, action, 0);
    if (!judge_exit(step, action) || action == "uninstall") continue;
    // Health after the first uninstall is uninstall.untouched's: a platform broken by uninstall
    // always shows as a changed or removed platform file too, and one flaw must fail one check.
    if (const StepRecord* health = health_after(input, *step)) {
      ++total;
      if (!healthy(*health)) {
        f.add(*health, nullptr,
              "found the platform unhealthy after " + step_ref(*step) + " (" + health_output(*health) + ")");
      }
    }
  }
  if (const StepRecord* second = nth_step(input, "uninstall", 1)) {
    if (judge_exit(second, "the second uninstall")) {
      Snapshot first = snapshot(input, kAfterUninstall), again = snapshot(input, kAfterSecondUninstall);
      if (first.tree && again.tree) {
        ++total;
        auto changes = diff_trees(*first.tree, *again.tree);
        if (!changes.empty()) {
          f.add(*second, nullptr,
                "changed " + std::to_string(changes.size()) + " path(s) of an already uninstalled platform, first " +
                    changes.front().path + " (" + changes.front().what + ")");
          for (const auto& c : changes)
            f.also(step_evidence(*second, c.what + " " + c.path + "\n" + describe_change(c)));
        }
      }
    }
  }
  return f.conclude(
      total, "lifecycle outcome(s)", "each as expected", "went wrong",
      "Make install, update and uninstall succeed on a working platform and leave it working, the way the "
      "platform's own plugin manager does; make uninstall idempotent (a second run exits 0 and changes "
      "nothing), so a retried or scripted uninstall never fails or damages the site.");
}

}  // namespace cldcert
