#include "harness/checks/update_checks.h"

#include "harness/checks/lifecycle_steps.h"
#include "harness/checks/tree_diff.h"
#include "mocks/bounded_json.h"

namespace cldcert {

CheckResult check_update_keeps_settings(const CheckInput& input) {
  Findings f("the platform state (host.state: the plugin's settings) after update is what it was before");
  Snapshot before = snapshot(input, kBeforeUpdate), after = snapshot(input, kAfterUpdate);
  if (!before.tree || !after.tree) {
    return skipped_check("no before_update and after_update snapshots (cldcert.snapshot steps around update)");
  }
  if (!before.tree->state && !after.tree->state) {
    return skipped_check("the manifest declares no host.state to print the plugin's settings with");
  }
  for (const Snapshot* s : {&before, &after}) {
    const auto& state = s->tree->state;
    if (!state || state->exit_code != 0) {
      std::string message = "host.state failed at " + step_ref(*s->step) + " (" + s->tree->label + "): " +
                            (state ? "exit " + std::to_string(state->exit_code) +
                                         (state->error.empty() ? "" : ": " + tail(state->error, 300))
                                   : "no output recorded");
      f.also(step_evidence(*s->step, message));
      return f.error(message, "Make host.state print the platform's settings and exit 0 on an installed site.");
    }
  }
  const StepRecord& step = *after.step;
  const StepRecord* update = nth_step(input, "update", 0);
  const StepRecord& blame = update ? *update : step;
  std::size_t total = 0;
  mock::ParsedJson b_parsed = mock::parse_json_text(before.tree->state->output);
  mock::ParsedJson a_parsed = mock::parse_json_text(after.tree->state->output);
  const nlohmann::json& b = b_parsed.doc;
  const nlohmann::json& a = a_parsed.doc;
  if (b_parsed.error.empty() && a_parsed.error.empty()) {
    // Settings compared leaf by leaf (JSON pointers), so a finding names the very setting lost.
    auto fb = b.flatten(), fa = a.flatten();
    total = fb.size();
    for (const auto& [pointer, value] : fb.items()) {
      if (fa.contains(pointer) && fa[pointer] == value) continue;
      f.add(blame, nullptr,
            "changed the setting " + pointer + " from " + value.dump() + " to " +
                (fa.contains(pointer) ? fa[pointer].dump() : "nothing (it is gone)"));
    }
    for (const auto& [pointer, value] : fa.items()) {
      if (!fb.contains(pointer) && !value.is_null()) {
        ++total;
        f.add(blame, nullptr, "added the setting " + pointer + " = " + value.dump());
      }
    }
  } else {
    total = 1;
    if (before.tree->state->output != after.tree->state->output) {
      const std::string why = "changed the platform state printed by host.state";
      f.add(step_ref(blame) + " " + why,
            step_evidence(
                blame, why + "\n" + unified_diff(before.tree->state->output, after.tree->state->output, "host.state")));
    }
  }
  return f.conclude(
      total, "setting(s)", "kept across the update", "lost or changed by the update",
      "Keep the stored settings on update (the cloud, credentials, enabled flag): migrate them to the new "
      "version's format instead of writing defaults over them.");
}

}  // namespace cldcert
