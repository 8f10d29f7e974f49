// How many tests a test runner says passed and failed, read from its summary lines (node --test /
// TAP, mocha, Jest, pytest, PHPUnit, GoogleTest): P2's evidence that an integration's tests ran.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cldcert {

struct TestCounts {
  std::size_t passed = 0, failed = 0;
  std::string runner;  // which summary shape was read: "tap", "mocha", "jest", "pytest", "phpunit", "gtest"
};

// nullopt when no known summary is in `output` (the counts are then unknown, not zero).
std::optional<TestCounts> test_counts(std::string_view output);

}  // namespace cldcert
