// Harness steps that look at the host platform the integration installs into: a snapshot of
// {host_root} (+ the manifest's host.state output) and the platform's health, as evidence for B1/B4.
#pragma once

#include <filesystem>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "harness/harness_steps.h"
#include "harness/manifest.h"
#include "harness/placeholders.h"
#include "harness/process_runner.h"

namespace cldcert {

// Text files up to this size carry their text in a snapshot, so a check can show a diff.
inline constexpr std::uintmax_t kSnapshotTextLimit = 64 * 1024;

// Every entry under `root` (not root itself), sorted by path ('/'-separated, relative):
// [{path, type file|dir|symlink|other, mode "0644", size, sha256, target (symlinks, never followed),
//   text (UTF-8 files ≤ 64 KiB), mention {line, text} (first line naming Cloudinary, any case)}].
// Throws std::runtime_error naming the path when root is not an existing folder.
nlohmann::json snapshot_tree(const std::filesystem::path& root);

// Runs a host command (host.prepare, host.health, host.state) with the scenario's placeholder
// values and no Cloudinary credentials; a string is a placeholder error.
std::variant<ProcessResult, std::string> run_host_action(const ActionSpec& action, const PlaceholderValues& values);

// cldcert.snapshot: label → {label, root, entries: snapshot_tree, state: null | {exit_code, output}}
HarnessStepResult take_host_snapshot(const HarnessStepArgs& args, const HarnessStepContext& context);
// cldcert.health: → {exit_code, healthy, output (tail)}; a failing health is evidence, not a step error.
HarnessStepResult check_host_health(const HarnessStepArgs& args, const HarnessStepContext& context);

}  // namespace cldcert
