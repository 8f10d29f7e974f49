#include "harness/checks/uninstall_checks.h"

#include "harness/checks/lifecycle_steps.h"
#include "harness/checks/tree_diff.h"
#include "harness/manifest.h"

namespace cldcert {
namespace {

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

// uninstall.clean and uninstall.untouched split every difference between "before install" and
// "after uninstall" so that each flaw trips exactly one of them:
//   clean:     paths that did not exist before install, and pre-existing files that now mention
//              Cloudinary where they did not (a Cloudinary leftover inside a platform file);
//   untouched: pre-existing paths that did not mention Cloudinary, removed or changed without
//              gaining a mention (collateral damage), and the platform's health after uninstall.
// Pre-existing paths that already mentioned Cloudinary are nobody's: the site owner's own.
CheckResult check_uninstall_clean(const CheckInput& input) {
  Findings f(
      "after uninstall no path the integration added remains and no file newly mentions Cloudinary "
      "(outside host.allow)");
  auto c = compare_uninstall(input);
  if (!c) return skipped_check(kNoSnapshots);
  const StepRecord& step = *c->after.step;
  for (const auto& change : c->changes) {
    if (change.kind == TreeChangeKind::kAdded) {
      if (under_reported_folder(c->changes, change)) continue;
      std::string why = "left " + shown(*change.after) + ", which was not there before install";
      f.add(step_ref(step) + " " + why, step_evidence(step, why + "\n" + describe_with_contents(c->changes, change)));
    } else if (change.kind == TreeChangeKind::kChanged && change.after->mentions_cloudinary() &&
               !change.before->mentions_cloudinary()) {
      std::string why = "found " + change.path + " mentioning Cloudinary at line " +
                        std::to_string(change.after->mention_line) + " (\"" + change.after->mention_text +
                        "\"), which it did not before install";
      f.add(step_ref(step) + " " + why, step_evidence(step, why + "\n" + describe_change(change)));
    }
  }
  return f.conclude(c->after.tree->entries.size(), "path(s) after uninstall",
                    "none left by the integration and none newly mentioning Cloudinary", "left Cloudinary behind",
                    "Make uninstall remove everything install, login and use created: the plugin's folder, caches, and "
                    "every key or registration it wrote into the platform's own files (remove the key, not just its "
                    "value). List what the platform itself legitimately keeps in host.allow.");
}

CheckResult check_uninstall_untouched(const CheckInput& input) {
  Findings f(
      "files that existed before install and do not concern Cloudinary are present and unchanged after "
      "uninstall, and the platform is healthy");
  auto c = compare_uninstall(input);
  if (!c) return skipped_check(kNoSnapshots);
  std::size_t total = 0;
  const StepRecord& step = *c->after.step;
  for (const auto& [path, entry] : c->before.tree->entries) {
    total += !entry.mentions_cloudinary() && !path_allowed(input.manifest.host_allow, path);
  }
  for (const auto& change : c->changes) {
    if (change.kind == TreeChangeKind::kAdded || change.before->mentions_cloudinary()) continue;
    if (change.kind == TreeChangeKind::kChanged && change.after->mentions_cloudinary()) continue;  // clean's
    if (under_reported_folder(c->changes, change)) continue;
    std::string why = change.kind == TreeChangeKind::kRemoved
                          ? "is missing " + shown(*change.before) + ", which existed before install"
                          : "found " + change.path + " changed (" + change.what + ") since before install";
    f.add(step_ref(step) + " " + why, step_evidence(step, why + "\n" + describe_with_contents(c->changes, change)));
  }
  if (const StepRecord* uninstall = nth_step(input, "uninstall", 0)) {
    if (const StepRecord* health = health_after(input, *uninstall)) {
      ++total;
      if (!healthy(*health)) {
        f.add(*health, nullptr,
              "found the platform unhealthy after " + step_ref(*uninstall) + " (" + health_output(*health) + ")");
      }
    }
  }
  return f.conclude(total, "platform file(s) and health", "as before install", "damaged by install/uninstall",
                    "Touch only what the integration owns: remove exactly the entries it added (not whole folders, not "
                    "the platform's own files), write the platform's config back in the platform's own format, and "
                    "never rewrite the site's content.");
}

}  // namespace cldcert
