#include "harness/checks/quality_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "harness/manifest.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;

class QualityEvidence : public ::testing::Test {
 protected:
  void tests(int exit_code, const std::string& output) {
    StepRecord s;
    s.index = steps_.size();
    s.action = "test";
    s.exit_code = exit_code;
    s.stdout_text = output;
    steps_.push_back(s);
  }
  void survey(nlohmann::json linters, nlohmann::json ci) {
    StepRecord s;
    s.index = steps_.size();
    s.action = "cldcert.survey_code";
    s.exit_code = 0;
    s.last_json = {{"linters", std::move(linters)}, {"ci", std::move(ci)}, {"tests", {"test"}}};
    steps_.push_back(s);
  }
  CheckResult run() { return check_quality_evidence(CheckInput{manifest_, journal_, steps_, accounts_, {}}); }

  Manifest manifest_;
  std::vector<mock::JournalEntry> journal_;
  std::vector<StepRecord> steps_;
  mock::Accounts accounts_;
};

TEST_F(QualityEvidence, PassingTestsALinterAndCiAreShown) {
  tests(0, "# tests 8\n# pass 8\n# fail 0\n");
  survey({"eslint.config.js"}, {".github/workflows/test.yml"});
  auto r = run();
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_EQ(r.message,
            "tests exited 0 (8 passed, 0 failed); linter: eslint.config.js; CI: .github/workflows/test.yml; "
            "test folders: test");
}

TEST_F(QualityEvidence, FailingTestsAreAFinding) {
  tests(1, "# pass 7\n# fail 1\n");
  survey({"eslint.config.js"}, {".github/workflows/test.yml"});
  auto r = run();
  EXPECT_EQ(r.verdict, Verdict::kFail);  // run_check makes it a warning: P2 is recommended
  EXPECT_THAT(r.message, HasSubstr("its tests failed: tests exited 1 (7 passed, 1 failed)"));
  ASSERT_FALSE(r.evidence.empty());
  EXPECT_EQ(r.evidence[0].ref, "test#1");
}

TEST_F(QualityEvidence, NoLinterNoCiAndTestsThatRanNothing) {
  tests(0, "# tests 0\n# pass 0\n# fail 0\n");
  survey(nlohmann::json::array(), nlohmann::json::array());
  auto r = run();
  EXPECT_EQ(r.verdict, Verdict::kFail);
  // Ran no test, no linter, no CI.
  EXPECT_THAT(r.message, HasSubstr("its test action ran no test: tests exited 0 (0 passed, 0 failed) (and 2 more)"));
}

TEST_F(QualityEvidence, UnknownCountsAreSaidNotGuessed) {
  tests(0, "all fine\n");
  survey({".flake8"}, {".gitlab-ci.yml"});
  auto r = run();
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("tests exited 0 (no summary of a known test runner in their output)"));
}

TEST_F(QualityEvidence, WithoutTheSurveyNothingIsJudged) {
  tests(0, "# pass 1\n");
  EXPECT_EQ(run().verdict, Verdict::kSkip);
}

}  // namespace
}  // namespace cldcert
