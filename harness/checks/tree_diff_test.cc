#include "harness/checks/tree_diff.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cldcert {
namespace {

using ::testing::HasSubstr;

TreeEntry file(const std::string& path, const std::string& text, const std::string& mode = "0644") {
  TreeEntry e;
  e.path = path;
  e.type = "file";
  e.mode = mode;
  e.size = text.size();
  e.sha256 = "sha-of-" + text;
  e.text = text;
  return e;
}

TreeEntry other(const std::string& path, const std::string& type, const std::string& mode, const std::string& sha256,
                const std::string& target, std::uint64_t size) {
  TreeEntry e;
  e.path = path;
  e.type = type;
  e.mode = mode;
  e.sha256 = sha256;
  e.target = target;
  e.size = size;
  return e;
}

TreeSnapshot tree(std::vector<TreeEntry> entries) {
  TreeSnapshot t;
  for (auto& e : entries) t.entries[e.path] = e;
  return t;
}

TEST(DiffTrees, NamesAddedRemovedAndChangedPathsInPathOrder) {
  TreeEntry link = other("link", "symlink", "0777", "x", "a/b", 3);
  TreeEntry dir = other("d", "dir", "0755", "", "", 0);
  auto before = tree({file("a.txt", "one\n"), file("keep.txt", "same\n"), file("mode.sh", "x", "0644"), link, dir});
  TreeEntry moved = link;
  moved.target = "c/d";
  TreeEntry d_as_file = file("d", "now a file");
  auto after = tree({file("keep.txt", "same\n"), file("mode.sh", "x", "0755"), moved, d_as_file, file("new.txt", "n")});
  auto changes = diff_trees(before, after);
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[0].path, "a.txt");
  EXPECT_EQ(changes[0].kind, TreeChangeKind::kRemoved);
  EXPECT_EQ(changes[1].path, "d");
  EXPECT_EQ(changes[1].what, "type dir → file, mode 0755 → 0644");
  EXPECT_EQ(changes[2].path, "link");
  EXPECT_EQ(changes[2].what, "target a/b → c/d");
  EXPECT_EQ(changes[3].path, "mode.sh");
  EXPECT_EQ(changes[3].what, "mode 0644 → 0755");
  EXPECT_EQ(changes[4].path, "new.txt");
  EXPECT_EQ(changes[4].kind, TreeChangeKind::kAdded);
  EXPECT_TRUE(diff_trees(after, after).empty());
}

TEST(UnifiedDiff, OneHunkWithContextAroundTheChange) {
  std::string a = "1\n2\n3\n4\n5\n6\n7\n";
  std::string b = "1\n2\n3\nfour\n5\n6\n7\n";
  EXPECT_EQ(unified_diff(a, b, "x.md"), "--- a/x.md\n+++ b/x.md\n@@ -2,5 +2,5 @@\n 2\n 3\n-4\n+four\n 5\n 6\n");
  EXPECT_EQ(unified_diff(a, a, "x.md"), "");
}

TEST(UnifiedDiff, ShowsALostFinalNewlineAndAddedFilesAndCutsLongHunks) {
  EXPECT_THAT(unified_diff("a\nb\n", "a\nb", "w.md"), HasSubstr("-b\n+b\n\\ No newline at end of file\n"));
  EXPECT_EQ(unified_diff("", "x\n", "new"), "--- a/new\n+++ b/new\n@@ -0,0 +1,1 @@\n+x\n");
  std::string many;
  for (int i = 0; i < 100; ++i) many += std::to_string(i) + "\n";
  auto d = unified_diff("", many, "big", 2, 5);
  EXPECT_THAT(d, HasSubstr("+4\n… (95 more lines)\n"));
  EXPECT_THAT(d, ::testing::Not(HasSubstr("+5\n")));
}

TEST(DescribeChange, TextGetsADiffOtherFilesASummary) {
  auto before = tree({file("t", "a\n")});
  auto after = tree({file("t", "b\n")});
  auto changes = diff_trees(before, after);
  EXPECT_THAT(describe_change(changes[0]), HasSubstr("-a\n+b\n"));
  TreeEntry bin = other("b.bin", "file", "0644", "s1", "", 10);
  TreeEntry bin2 = bin;
  bin2.sha256 = "s2";
  bin2.size = 12;
  // Changes point into the snapshots: they must outlive them.
  auto bin_before = tree({bin}), bin_after = tree({bin2});
  auto c = diff_trees(bin_before, bin_after);
  EXPECT_EQ(describe_change(c[0]), "binary file, 10 → 12 bytes");
}

TEST(PathAllowed, GlobsCrossSlashesAndDirStarStarCoversTheDir) {
  std::vector<std::string> allow{"logs/**", "cache/*.tmp"};
  EXPECT_TRUE(path_allowed(allow, "logs"));
  EXPECT_TRUE(path_allowed(allow, "logs/2026/a.log"));
  EXPECT_TRUE(path_allowed(allow, "cache/x/y.tmp"));
  EXPECT_FALSE(path_allowed(allow, "logsx"));
  EXPECT_FALSE(path_allowed(allow, "cache/y.txt"));
  EXPECT_FALSE(path_allowed({}, "logs"));
}

TEST(TreeSnapshotFromJson, ReadsEntriesMentionsAndStateAndRefusesOtherJson) {
  auto t = tree_snapshot_from_json(nlohmann::json::parse(R"({"label": "l", "root": "/r", "entries": [
      {"path": "a", "type": "file", "mode": "0644", "size": 3, "sha256": "h", "text": "abc",
       "mention": {"line": 4, "text": "Cloudinary"}},
      {"path": "plugins/cloudinary", "type": "dir", "mode": "0755", "size": 0}],
    "state": {"exit_code": 2, "output": "o", "error": "e"}})"));
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->entries.at("a").text, "abc");
  EXPECT_EQ(t->entries.at("a").mention_line, 4);
  EXPECT_TRUE(t->entries.at("a").mentions_cloudinary());
  EXPECT_TRUE(t->entries.at("plugins/cloudinary").mentions_cloudinary());  // by its path
  EXPECT_FALSE(t->entries.at("plugins/cloudinary").text.has_value());
  ASSERT_TRUE(t->state.has_value());
  EXPECT_EQ(t->state->exit_code, 2);
  EXPECT_EQ(t->state->error, "e");
  EXPECT_FALSE(tree_snapshot_from_json(nullptr).has_value());
  EXPECT_FALSE(tree_snapshot_from_json({{"entries", {1}}}).has_value());
  EXPECT_FALSE(tree_snapshot_from_json({{"label", "x"}, {"entries", nlohmann::json::array()}})->state.has_value());
}

}  // namespace
}  // namespace cldcert
