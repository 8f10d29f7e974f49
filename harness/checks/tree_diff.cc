#include "harness/checks/tree_diff.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "mocks/faults.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start) + "\n\\ No newline at end of file");
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string range(std::size_t start, std::size_t count) {
  // Unified diff ranges are 1-based; an empty range names the line before it.
  return std::to_string(count == 0 ? start : start + 1) + "," + std::to_string(count);
}

}  // namespace

bool TreeEntry::mentions_cloudinary() const {
  return mention_line > 0 || text::lower(path).find("cloudinary") != std::string::npos;
}

std::optional<TreeSnapshot> tree_snapshot_from_json(const nlohmann::json& output) {
  if (!output.is_object() || !output.contains("entries") || !output["entries"].is_array()) return std::nullopt;
  TreeSnapshot out;
  out.label = output.value("label", "");
  out.root = output.value("root", "");
  for (const auto& e : output["entries"]) {
    if (!e.is_object() || !e.contains("path")) return std::nullopt;
    TreeEntry entry;
    entry.path = e.value("path", "");
    entry.type = e.value("type", "");
    entry.mode = e.value("mode", "");
    entry.sha256 = e.value("sha256", "");
    entry.target = e.value("target", "");
    entry.size = e.value("size", std::uint64_t{0});
    if (e.contains("text") && e["text"].is_string()) entry.text = e["text"].get<std::string>();
    if (e.contains("mention") && e["mention"].is_object()) {
      entry.mention_line = e["mention"].value("line", 0);
      entry.mention_text = e["mention"].value("text", "");
    }
    out.entries[entry.path] = std::move(entry);
  }
  if (output.contains("state") && output["state"].is_object()) {
    const auto& s = output["state"];
    out.state = HostState{s.value("exit_code", -1), s.value("output", ""), s.value("error", "")};
  }
  return out;
}

std::vector<TreeChange> diff_trees(const TreeSnapshot& before, const TreeSnapshot& after) {
  std::set<std::string> paths;
  for (const auto& [p, e] : before.entries) paths.insert(p);
  for (const auto& [p, e] : after.entries) paths.insert(p);
  std::vector<TreeChange> out;
  for (const auto& path : paths) {
    auto b = before.entries.find(path);
    auto a = after.entries.find(path);
    if (b == before.entries.end()) {
      out.push_back({TreeChangeKind::kAdded, path, nullptr, &a->second, "added " + a->second.type});
    } else if (a == after.entries.end()) {
      out.push_back({TreeChangeKind::kRemoved, path, &b->second, nullptr, "removed " + b->second.type});
    } else {
      const TreeEntry& x = b->second;
      const TreeEntry& y = a->second;
      std::vector<std::string> what;
      if (x.type != y.type) what.push_back("type " + x.type + " → " + y.type);
      if (x.mode != y.mode) what.push_back("mode " + x.mode + " → " + y.mode);
      if (x.type == y.type && x.type == "symlink" && x.target != y.target) {
        what.push_back("target " + x.target + " → " + y.target);
      } else if (x.type == y.type && (x.sha256 != y.sha256 || x.size != y.size)) {
        what.push_back("content");
      }
      if (what.empty()) continue;
      out.push_back({TreeChangeKind::kChanged, path, &x, &y, text::join(what, ", ")});
    }
  }
  return out;
}

std::string unified_diff(const std::string& before, const std::string& after, const std::string& path,
                         std::size_t context, std::size_t max_lines) {
  if (before == after) return "";
  auto a = split_lines(before);
  auto b = split_lines(after);
  // One hunk around the changed region (common prefix and suffix trimmed): short and exact,
  // which is all a finding needs; a full LCS diff would only split it further.
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::size_t start = prefix > context ? prefix - context : 0;
  std::size_t a_end = std::min(a.size(), a.size() - suffix + context);
  std::size_t b_end = std::min(b.size(), b.size() - suffix + context);
  std::vector<std::string> hunk;
  for (std::size_t i = start; i < prefix; ++i) hunk.push_back(" " + a[i]);
  for (std::size_t i = prefix; i < a.size() - suffix; ++i) hunk.push_back("-" + a[i]);
  for (std::size_t i = prefix; i < b.size() - suffix; ++i) hunk.push_back("+" + b[i]);
  for (std::size_t i = a.size() - suffix; i < a_end; ++i) hunk.push_back(" " + a[i]);
  std::string out = "--- a/" + path + "\n+++ b/" + path + "\n@@ -" + range(start, a_end - start) + " +" +
                    range(start, b_end - start) + " @@\n";
  for (std::size_t i = 0; i < hunk.size() && i < max_lines; ++i) out += hunk[i] + "\n";
  if (hunk.size() > max_lines) out += "… (" + std::to_string(hunk.size() - max_lines) + " more lines)\n";
  return out;
}

std::string describe_change(const TreeChange& change) {
  const TreeEntry* b = change.before;
  const TreeEntry* a = change.after;
  auto text_of = [](const TreeEntry* e) -> std::optional<std::string> {
    if (!e) return std::string();
    return e->text;
  };
  auto before_text = text_of(b);
  auto after_text = text_of(a);
  bool files = (!b || b->type == "file") && (!a || a->type == "file");
  if (files && before_text && after_text && *before_text != *after_text) {
    return unified_diff(*before_text, *after_text, change.path);
  }
  const TreeEntry* e = a ? a : b;
  std::string size = b && a && b->size != a->size ? std::to_string(b->size) + " → " + std::to_string(a->size)
                                                  : std::to_string(e->size);
  if (e->type == "symlink") return e->type + " → " + e->target;
  if (e->type == "dir") return "folder";
  return (e->text ? "text " : e->size > 64 * 1024 ? "large " : "binary ") + e->type + ", " + size + " bytes";
}

bool path_allowed(const std::vector<std::string>& globs, const std::string& path) {
  for (const auto& glob : globs) {
    if (mock::glob_match(glob, path)) return true;
    if (glob.ends_with("/**") && path == glob.substr(0, glob.size() - 3)) return true;
  }
  return false;
}

}  // namespace cldcert
