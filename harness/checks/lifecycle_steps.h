// The lifecycle scenario's steps as its checks (lifecycle.*, uninstall.*, update.*) find them:
// platform snapshots by label, the n-th install/update/uninstall, the health run after one.
#pragma once

#include <optional>
#include <string>

#include "harness/checks/check.h"
#include "harness/checks/tree_diff.h"

namespace cldcert {

// The lifecycle scenario's snapshot labels: the checks compare these moments.
inline constexpr const char* kBeforeInstall = "before_install";
inline constexpr const char* kAfterUninstall = "after_uninstall";
inline constexpr const char* kAfterSecondUninstall = "after_second_uninstall";
inline constexpr const char* kBeforeUpdate = "before_update";
inline constexpr const char* kAfterUpdate = "after_update";

// A cldcert.snapshot step and the platform tree it recorded (none when the label never ran).
struct Snapshot {
  const StepRecord* step = nullptr;
  std::optional<TreeSnapshot> tree;
};

Snapshot snapshot(const CheckInput& input, const std::string& label);

bool is_lifecycle_action(const std::string& action);

// The n-th (0-based) step performing `action`, or null.
const StepRecord* nth_step(const CheckInput& input, const std::string& action, int n);

// The cldcert.health that ran after `after` and before the next install/update/uninstall, or null.
const StepRecord* health_after(const CheckInput& input, const StepRecord& after);
bool healthy(const StepRecord& health);
// "exit 1: unhealthy: …", for findings.
std::string health_output(const StepRecord& health);

// The last `n` characters of a command's output, "…" first when cut: the reason is at the end.
std::string tail(const std::string& text, std::size_t n);

}  // namespace cldcert
