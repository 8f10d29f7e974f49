#include "harness/run_summary.h"

#include <iostream>
#include <sstream>

#include <gtest/gtest.h>

namespace cldcert {
namespace {

using nlohmann::json;

json report_with(json readiness) {
  json report = {{"scenarios", json::array()},
                 {"checklist", json::array()},
                 {"duration_ms", 1000.0},
                 {"cpu_s", {{"cldcert", 0.5}, {"integration", 0.5}}},
                 {"verdict", "pass"}};
  if (!readiness.is_null()) report["submission_ready"] = std::move(readiness);
  return report;
}

std::string summary_of(const json& report) {
  std::ostringstream captured;
  auto* previous = std::cout.rdbuf(captured.rdbuf());
  print_summary(report, Style{}, "bundle");
  std::cout.rdbuf(previous);
  return captured.str();
}

TEST(RunSummary, SaysWhenTheBundleIsSubmissionReady) {
  std::string text = summary_of(report_with({{"ready", true}, {"obstacles", json::array()}}));
  EXPECT_NE(text.find("verdict: pass"), std::string::npos) << text;
  EXPECT_NE(text.find("submission-ready: yes\n"), std::string::npos) << text;
}

TEST(RunSummary, APassingRunThatIsNotReadyListsEachObstacle) {
  std::string text = summary_of(
      report_with({{"ready", false},
                   {"obstacles", {"scenario large-files was not run", "must items whose checks all skipped: R8"}}}));
  EXPECT_NE(text.find("submission-ready: no\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  - scenario large-files was not run\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  - must items whose checks all skipped: R8\n"), std::string::npos) << text;
}

TEST(RunSummary, AnObstacleTheIntegrationWroteIsShownEscaped) {
  std::string text = summary_of(report_with({{"ready", false}, {"obstacles", {"x\x1b[32mverdict: pass"}}}));
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
}

TEST(RunSummary, ColourOnlyOnATerminalThatWantsIt) {
  EXPECT_TRUE(colour_wanted(true, nullptr, "xterm-256color"));
  EXPECT_TRUE(colour_wanted(true, "", nullptr));  // NO_COLOR set but empty does not count (no-color.org)
  EXPECT_FALSE(colour_wanted(false, nullptr, "xterm"));
  EXPECT_FALSE(colour_wanted(true, "1", "xterm"));
  EXPECT_FALSE(colour_wanted(true, nullptr, "dumb"));
}

}  // namespace
}  // namespace cldcert
