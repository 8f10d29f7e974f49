#include "harness/checks/test_counts.h"

#include <gtest/gtest.h>

namespace cldcert {
namespace {

void expect_counts(std::string_view output, std::size_t passed, std::size_t failed, const std::string& runner) {
  auto counts = test_counts(output);
  ASSERT_TRUE(counts.has_value()) << output;
  EXPECT_EQ(counts->passed, passed) << output;
  EXPECT_EQ(counts->failed, failed) << output;
  EXPECT_EQ(counts->runner, runner) << output;
}

TEST(TestCounts, EachRunnersSummary) {
  expect_counts("ok 1 - a\n1..61\n# tests 61\n# suites 0\n# pass 60\n# fail 1\n# cancelled 0\n", 60, 1, "tap");
  expect_counts("\n  12 passing (30ms)\n  1 failing\n", 12, 1, "mocha");
  expect_counts("Test Suites: 1 passed, 1 total\nTests:       1 failed, 12 passed, 13 total\n", 12, 1, "jest");
  expect_counts("Tests:       5 passed, 5 total\n", 5, 0, "jest");
  expect_counts("==== 3 failed, 10 passed in 0.12s ====\n", 10, 3, "pytest");
  expect_counts("============== 7 passed in 1.02s ==============\n", 7, 0, "pytest");
  expect_counts("OK (12 tests, 30 assertions)\n", 12, 0, "phpunit");
  expect_counts("FAILURES!\nTests: 12, Assertions: 30, Failures: 2.\n", 10, 2, "phpunit");
  expect_counts("[==========] 875 tests ran.\n[  PASSED  ] 873 tests.\n[  FAILED  ] 2 tests, listed below:\n", 873, 2,
                "gtest");
}

TEST(TestCounts, NoSummaryIsUnknownNotZero) {
  EXPECT_FALSE(test_counts("").has_value());
  EXPECT_FALSE(test_counts("all good\n").has_value());
  // A line that merely mentions passing is no summary (mocha's is "N passing").
  EXPECT_FALSE(test_counts("the tests passed\n").has_value());
}

}  // namespace
}  // namespace cldcert
