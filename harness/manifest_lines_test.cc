#include "harness/manifest_lines.h"

#include <gtest/gtest.h>

namespace cldcert {
namespace {

using Lines = std::map<std::string, long>;

TEST(ManifestLines, EachActionKeyUnderActionsWithItsLine) {
  const std::string manifest = R"({
  "integration": {"type": "x", "upload": "not an action"},
  "actions": {
    "install": {"command": ["npm", "ci"]},
    "upload": {
      "command": ["node", "cli.js", "upload", "{file}"],
      "env": {"login": "nested keys are not actions"}
    },
    "login": {"command": ["node", "cli.js", "login"]}
  },
  "session": {"actions": {"delete": 5}}
})";
  EXPECT_EQ(action_lines(manifest), (Lines{{"install", 4}, {"upload", 5}, {"login", 9}}));
}

TEST(ManifestLines, StringsThatLookLikeStructureAreStrings) {
  const std::string manifest =
      "{\"name\": \"a \\\" { \\\"actions\\\": {\",\n \"actions\": {\"upload\": {\"command\": [\"}\"]},\n"
      "\"x\": 1}}";
  EXPECT_EQ(action_lines(manifest), (Lines{{"upload", 2}, {"x", 3}}));
}

TEST(ManifestLines, NoActionsOrNoJsonGivesNoLines) {
  EXPECT_TRUE(action_lines("").empty());
  EXPECT_TRUE(action_lines("{\"integration\": {}}").empty());
  EXPECT_TRUE(action_lines("not json \"actions\": {\"upload\": 1}").empty());
}

}  // namespace
}  // namespace cldcert
