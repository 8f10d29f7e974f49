// Compares two host-platform snapshots (cldcert.snapshot outputs): what was added, removed or
// changed, with short unified diffs of small text files, for the install/uninstall checks.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cldcert {

struct TreeEntry {
  std::string path, type, mode, sha256, target;
  std::uint64_t size = 0;
  std::optional<std::string> text;  // UTF-8 files up to 64 KiB
  int mention_line = 0;             // first line naming Cloudinary (any case), 0 when none
  std::string mention_text;

  bool mentions_cloudinary() const;  // in its content or its path
};

struct HostState {
  int exit_code = -1;
  std::string output, error;
};

struct TreeSnapshot {
  std::string label, root;
  std::map<std::string, TreeEntry> entries;  // by path
  std::optional<HostState> state;            // nullopt when the manifest has no host.state
};

// nullopt when `output` is not a cldcert.snapshot output.
std::optional<TreeSnapshot> tree_snapshot_from_json(const nlohmann::json& output);

enum class TreeChangeKind { kAdded, kRemoved, kChanged };

struct TreeChange {
  TreeChangeKind kind;
  std::string path;
  const TreeEntry* before = nullptr;  // null when added
  const TreeEntry* after = nullptr;   // null when removed
  std::string what;                   // "content", "mode 0644 → 0600", "type file → dir"
};

// Every difference, sorted by path; entries equal in type, mode, size, digest and target are equal.
// The changes point into `before` and `after`: keep both alive while the changes are used.
std::vector<TreeChange> diff_trees(const TreeSnapshot& before, const TreeSnapshot& after);

// A unified diff ("--- a/x", "+++ b/x", one hunk with `context` lines around the changed region),
// at most `max_lines` lines of hunk; "" when both texts are equal.
std::string unified_diff(const std::string& before, const std::string& after, const std::string& path,
                         std::size_t context = 2, std::size_t max_lines = 30);

// What a change looked like, for a finding: a unified diff when both sides have text,
// else a one-line description ("binary file, 120 → 130 bytes").
std::string describe_change(const TreeChange& change);

// Whether `path` falls under one of host.allow's globs ('*' crosses '/'; "dir/**" also covers "dir").
bool path_allowed(const std::vector<std::string>& globs, const std::string& path);

}  // namespace cldcert
