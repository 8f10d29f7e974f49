#include "harness/checks/test_counts.h"

#include <regex>
#include <string>

namespace cldcert {
namespace {

// std::regex recurses per character; a summary is in the last lines of a run's output.
constexpr std::size_t kTail = 64 * 1024;

std::size_t last_number(const std::string& text, const std::regex& pattern) {
  std::size_t value = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it)
    value = std::stoul((*it)[1].str());
  return value;
}

bool has(const std::string& text, const std::regex& pattern) { return std::regex_search(text, pattern); }

}  // namespace

std::optional<TestCounts> test_counts(std::string_view output) {
  const std::string text(output.size() > kTail ? output.substr(output.size() - kTail) : output);
  using std::regex;
  // node --test and other TAP producers: "# pass 61" / "# fail 0".
  static const regex kTapPass(R"((?:^|\n)# pass (\d+))"), kTapFail(R"((?:^|\n)# fail (\d+))");
  if (has(text, kTapPass)) return TestCounts{last_number(text, kTapPass), last_number(text, kTapFail), "tap"};
  // Jest: "Tests:       1 failed, 12 passed, 13 total".
  static const regex kJest(R"(Tests:\s+.*?(\d+) passed)"), kJestFail(R"(Tests:\s+(\d+) failed)");
  if (has(text, kJest)) return TestCounts{last_number(text, kJest), last_number(text, kJestFail), "jest"};
  // mocha: "  12 passing (30ms)" / "  1 failing".
  static const regex kMochaPass(R"((\d+) passing)"), kMochaFail(R"((\d+) failing)");
  if (has(text, kMochaPass)) return TestCounts{last_number(text, kMochaPass), last_number(text, kMochaFail), "mocha"};
  // pytest: "==== 3 failed, 10 passed in 0.12s ====".
  static const regex kPytest(R"((\d+) passed)"), kPytestFail(R"((\d+) failed)");
  static const regex kPytestLine(R"(=+ .*\d+ (?:passed|failed).* in [\d.]+s)");
  if (has(text, kPytestLine)) return TestCounts{last_number(text, kPytest), last_number(text, kPytestFail), "pytest"};
  // PHPUnit: "OK (12 tests, 30 assertions)" or "Tests: 12, Assertions: 30, Failures: 2."
  static const regex kPhpOk(R"(OK \((\d+) tests?,)"), kPhpTests(R"(Tests: (\d+), Assertions)"),
      kPhpFailures(R"(Failures: (\d+))");
  if (has(text, kPhpOk)) return TestCounts{last_number(text, kPhpOk), 0, "phpunit"};
  if (has(text, kPhpTests)) {
    const std::size_t total = last_number(text, kPhpTests), failed = last_number(text, kPhpFailures);
    return TestCounts{total >= failed ? total - failed : 0, failed, "phpunit"};
  }
  // GoogleTest: "[  PASSED  ] 875 tests." / "[  FAILED  ] 2 tests, listed below:".
  static const regex kGtestPass(R"(\[  PASSED  \] (\d+) tests?)"), kGtestFail(R"(\[  FAILED  \] (\d+) tests?,)");
  if (has(text, kGtestPass) || has(text, kGtestFail))
    return TestCounts{last_number(text, kGtestPass), last_number(text, kGtestFail), "gtest"};
  return std::nullopt;
}

}  // namespace cldcert
