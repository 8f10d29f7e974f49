#include "harness/checks/lifecycle_checks.h"

#include "harness/checks/tree_diff.h"
#include "harness/manifest.h"
#include "mocks/bounded_json.h"

namespace cldcert {
namespace {

// The lifecycle scenario's snapshot labels: the checks compare these moments.
constexpr const char* kBeforeInstall = "before_install";
constexpr const char* kAfterUninstall = "after_uninstall";
constexpr const char* kAfterSecondUninstall = "after_second_uninstall";
constexpr const char* kBeforeUpdate = "before_update";
constexpr const char* kAfterUpdate = "after_update";

struct Snapshot {
  const StepRecord* step = nullptr;
  std::optional<TreeSnapshot> tree;
};

Snapshot snapshot(const CheckInput& input, const std::string& label) {
  for (const auto& step : input.steps) {
    if (step.action == "cldcert.snapshot" && step_arg(step, "label") == label) {
      return {&step, tree_snapshot_from_json(step.last_json)};
    }
  }
  return {};
}

bool is_lifecycle_action(const std::string& action) {
  return action == "install" || action == "update" || action == "uninstall";
}

// The n-th (0-based) step performing `action`, or null.
const StepRecord* nth_step(const CheckInput& input, const std::string& action, int n) {
  for (const auto& step : input.steps) {
    if (step.action == action && n-- == 0) return &step;
  }
  return nullptr;
}

// The cldcert.health that ran after `after` and before the next install/update/uninstall, or null.
const StepRecord* health_after(const CheckInput& input, const StepRecord& after) {
  for (const auto& step : input.steps) {
    if (step.index <= after.index) continue;
    if (is_lifecycle_action(step.action)) return nullptr;
    if (step.action == "cldcert.health" && step.error.empty() && step.last_json.is_object()) return &step;
  }
  return nullptr;
}

bool healthy(const StepRecord& health) { return health.last_json.value("healthy", false); }

std::string health_output(const StepRecord& health) {
  std::string out = health.last_json.value("output", "");
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return "exit " + std::to_string(health.last_json.value("exit_code", -1)) + (out.empty() ? "" : ": " + out);
}

std::string tail(const std::string& text, std::size_t n) {
  return text.size() <= n ? text : "…" + text.substr(text.size() - n);
}

// A finding with no step to point at (the step never ran because the scenario stopped before it).
void missing_step(CheckResult& r, std::size_t& bad, const std::string& why) {
  if (bad++ == 0) r.seen = why;
  r.evidence.push_back(Evidence{"step", "-", why});
}

// "plugins/cloudinary" when it is a folder, so a finding reads as a path a person would type.
std::string shown(const TreeEntry& e) { return e.path + (e.type == "dir" ? "/" : ""); }

// Changes under a folder that was itself added or removed are reported with it, not one by one.
bool under_reported_folder(const std::vector<TreeChange>& changes, const TreeChange& change) {
  for (const auto& c : changes) {
    const TreeEntry* e = c.kind == TreeChangeKind::kAdded ? c.after : c.before;
    if (c.kind != change.kind || c.kind == TreeChangeKind::kChanged || e->type != "dir") continue;
    if (change.path.starts_with(c.path + "/")) return true;
  }
  return false;
}

std::size_t entries_under(const std::vector<TreeChange>& changes, const TreeChange& folder) {
  std::size_t n = 0;
  for (const auto& c : changes) n += c.kind == folder.kind && c.path.starts_with(folder.path + "/");
  return n;
}

std::string describe_with_contents(const std::vector<TreeChange>& changes, const TreeChange& change) {
  const TreeEntry* e = change.after ? change.after : change.before;
  if (e->type != "dir") return describe_change(change);
  if (entries_under(changes, change) == 0) return "empty folder";
  std::string list;
  std::size_t shown_count = 0, n = entries_under(changes, change);
  for (const auto& c : changes) {
    if (c.kind != change.kind || !c.path.starts_with(change.path + "/")) continue;
    if (shown_count++ < 8) list += "\n  " + c.path;
  }
  if (n > 8) list += "\n  … and " + std::to_string(n - 8) + " more";
  return "folder with " + std::to_string(n) + " entr" + (n == 1 ? "y" : "ies") + list;
}

struct UninstallComparison {
  Snapshot before, after;
  std::vector<TreeChange> changes;  // outside host.allow
};

std::optional<UninstallComparison> compare_uninstall(const CheckInput& input) {
  UninstallComparison c{snapshot(input, kBeforeInstall), snapshot(input, kAfterUninstall), {}};
  if (!c.before.tree || !c.after.tree) return std::nullopt;
  for (auto& change : diff_trees(*c.before.tree, *c.after.tree)) {
    if (!path_allowed(input.manifest.host_allow, change.path)) c.changes.push_back(std::move(change));
  }
  return c;
}

const char* kNoSnapshots =
    "no before_install and after_uninstall snapshots to compare (cldcert.snapshot steps of the lifecycle scenario)";

}  // namespace

CheckResult check_lifecycle_actions(const CheckInput& input) {
  CheckResult r;
  r.id = "lifecycle.actions";
  r.expected = "install, update and uninstall exit 0; the platform is healthy after install and update; a second "
               "uninstall exits 0 and changes nothing";
  bool any = false;
  for (const auto& s : input.steps) any = any || is_lifecycle_action(s.action);
  if (!any) return skipped_check(r.id, "the scenario has no install, update or uninstall step");
  std::size_t total = 0, bad = 0;
  auto judge_exit = [&](const StepRecord* step, const std::string& what) {
    ++total;
    if (!step) {
      missing_step(r, bad, what + " never ran (the scenario stopped before it)");
      return false;
    }
    if (step->exit_code == 0 && step->error.empty()) return true;
    std::string why = step->exit_code >= 0 ? "exited " + std::to_string(step->exit_code) : step->error;
    add_finding(r, bad, *step, nullptr, why + (step->stderr_text.empty() ? "" : "; stderr: " + tail(step->stderr_text, 300)));
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
        add_finding(r, bad, *health, nullptr, "found the platform unhealthy after " + step_ref(*step) + " (" + health_output(*health) + ")");
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
          add_finding(r, bad, *second, nullptr,
                      "changed " + std::to_string(changes.size()) + " path(s) of an already uninstalled platform, first " +
                          changes.front().path + " (" + changes.front().what + ")");
          for (const auto& c : changes) r.evidence.push_back(step_evidence(*second, c.what + " " + c.path + "\n" + describe_change(c)));
        }
      }
    }
  }
  return conclude(std::move(r), bad, total, "lifecycle outcome(s)", "each as expected", "went wrong",
                  "Make install, update and uninstall succeed on a working platform and leave it working, the way the "
                  "platform's own plugin manager does; make uninstall idempotent (a second run exits 0 and changes "
                  "nothing), so a retried or scripted uninstall never fails or damages the site.");
}

// uninstall.clean and uninstall.untouched split every difference between "before install" and
// "after uninstall" so that each flaw trips exactly one of them:
//   clean:     paths that did not exist before install, and pre-existing files that now mention
//              Cloudinary where they did not (a Cloudinary leftover inside a platform file);
//   untouched: pre-existing paths that did not mention Cloudinary, removed or changed without
//              gaining a mention (collateral damage), and the platform's health after uninstall.
// Pre-existing paths that already mentioned Cloudinary are nobody's: the site owner's own.
CheckResult check_uninstall_clean(const CheckInput& input) {
  CheckResult r;
  r.id = "uninstall.clean";
  r.expected = "after uninstall no path the integration added remains and no file newly mentions Cloudinary "
               "(outside host.allow)";
  auto c = compare_uninstall(input);
  if (!c) return skipped_check(r.id, kNoSnapshots);
  std::size_t bad = 0;
  const StepRecord& step = *c->after.step;
  for (const auto& change : c->changes) {
    if (change.kind == TreeChangeKind::kAdded) {
      if (under_reported_folder(c->changes, change)) continue;
      std::string why = "left " + shown(*change.after) + ", which was not there before install";
      add_finding(r, bad, step, nullptr, why);
      r.evidence.back().detail += "\n" + describe_with_contents(c->changes, change);
    } else if (change.kind == TreeChangeKind::kChanged && change.after->mentions_cloudinary() &&
               !change.before->mentions_cloudinary()) {
      std::string why = "found " + change.path + " mentioning Cloudinary at line " +
                        std::to_string(change.after->mention_line) + " (\"" + change.after->mention_text +
                        "\"), which it did not before install";
      add_finding(r, bad, step, nullptr, why);
      r.evidence.back().detail += "\n" + describe_change(change);
    }
  }
  return conclude(std::move(r), bad, c->after.tree->entries.size(), "path(s) after uninstall",
                  "none left by the integration and none newly mentioning Cloudinary", "left Cloudinary behind",
                  "Make uninstall remove everything install, login and use created: the plugin's folder, caches, and "
                  "every key or registration it wrote into the platform's own files (remove the key, not just its "
                  "value). List what the platform itself legitimately keeps in host.allow.");
}

CheckResult check_uninstall_untouched(const CheckInput& input) {
  CheckResult r;
  r.id = "uninstall.untouched";
  r.expected = "files that existed before install and do not concern Cloudinary are present and unchanged after "
               "uninstall, and the platform is healthy";
  auto c = compare_uninstall(input);
  if (!c) return skipped_check(r.id, kNoSnapshots);
  std::size_t bad = 0, total = 0;
  const StepRecord& step = *c->after.step;
  for (const auto& [path, entry] : c->before.tree->entries) {
    total += !entry.mentions_cloudinary() && !path_allowed(input.manifest.host_allow, path);
  }
  for (const auto& change : c->changes) {
    if (change.kind == TreeChangeKind::kAdded || change.before->mentions_cloudinary()) continue;
    if (change.kind == TreeChangeKind::kChanged && change.after->mentions_cloudinary()) continue;  // clean's
    if (under_reported_folder(c->changes, change)) continue;
    std::string why = change.kind == TreeChangeKind::kRemoved ? "is missing " + shown(*change.before) + ", which existed before install"
                                                              : "found " + change.path + " changed (" + change.what + ") since before install";
    add_finding(r, bad, step, nullptr, why);
    r.evidence.back().detail += "\n" + describe_with_contents(c->changes, change);
  }
  if (const StepRecord* uninstall = nth_step(input, "uninstall", 0)) {
    if (const StepRecord* health = health_after(input, *uninstall)) {
      ++total;
      if (!healthy(*health)) {
        add_finding(r, bad, *health, nullptr, "found the platform unhealthy after " + step_ref(*uninstall) + " (" + health_output(*health) + ")");
      }
    }
  }
  return conclude(std::move(r), bad, total, "platform file(s) and health", "as before install",
                  "damaged by install/uninstall",
                  "Touch only what the integration owns: remove exactly the entries it added (not whole folders, not "
                  "the platform's own files), write the platform's config back in the platform's own format, and "
                  "never rewrite the site's content.");
}

CheckResult check_update_keeps_settings(const CheckInput& input) {
  CheckResult r;
  r.id = "update.keeps_settings";
  r.expected = "the platform state (host.state: the plugin's settings) after update is what it was before";
  Snapshot before = snapshot(input, kBeforeUpdate), after = snapshot(input, kAfterUpdate);
  if (!before.tree || !after.tree) {
    return skipped_check(r.id, "no before_update and after_update snapshots (cldcert.snapshot steps around update)");
  }
  if (!before.tree->state && !after.tree->state) {
    return skipped_check(r.id, "the manifest declares no host.state to print the plugin's settings with");
  }
  for (const Snapshot* s : {&before, &after}) {
    const auto& state = s->tree->state;
    if (!state || state->exit_code != 0) {
      r.verdict = Verdict::kError;
      r.message = "host.state failed at " + step_ref(*s->step) + " (" + s->tree->label + "): " +
                  (state ? "exit " + std::to_string(state->exit_code) + (state->error.empty() ? "" : ": " + tail(state->error, 300)) : "no output recorded");
      r.hint = "Make host.state print the platform's settings and exit 0 on an installed site.";
      r.evidence.push_back(step_evidence(*s->step, r.message));
      return r;
    }
  }
  const StepRecord& step = *after.step;
  const StepRecord* update = nth_step(input, "update", 0);
  const StepRecord& blame = update ? *update : step;
  std::size_t bad = 0, total = 0;
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
      add_finding(r, bad, blame, nullptr,
                  "changed the setting " + pointer + " from " + value.dump() + " to " +
                      (fa.contains(pointer) ? fa[pointer].dump() : "nothing (it is gone)"));
    }
    for (const auto& [pointer, value] : fa.items()) {
      if (!fb.contains(pointer) && !value.is_null()) {
        ++total;
        add_finding(r, bad, blame, nullptr, "added the setting " + pointer + " = " + value.dump());
      }
    }
  } else {
    total = 1;
    if (before.tree->state->output != after.tree->state->output) {
      add_finding(r, bad, blame, nullptr, "changed the platform state printed by host.state");
      r.evidence.back().detail +=
          "\n" + unified_diff(before.tree->state->output, after.tree->state->output, "host.state");
    }
  }
  return conclude(std::move(r), bad, total, "setting(s)", "kept across the update", "lost or changed by the update",
                  "Keep the stored settings on update (the cloud, credentials, enabled flag): migrate them to the new "
                  "version's format instead of writing defaults over them.");
}

}  // namespace cldcert
