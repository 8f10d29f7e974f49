#include "harness/steps/code_survey_step.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace cldcert {
namespace {

namespace fs = std::filesystem;

class CodeSurvey : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cldcert-survey-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void touch(const std::string& path) {
    fs::create_directories((dir_ / path).parent_path());
    std::ofstream(dir_ / path) << "x";
  }
  fs::path dir_;
};

TEST_F(CodeSurvey, FindsLintersCiAndTestFolders) {
  for (const char* f : {".eslintrc.json", "eslint.config.js", "phpcs.xml.dist", ".github/workflows/test.yml",
                        ".github/workflows/release.yaml", ".gitlab-ci.yml", "test/a.test.js", "spec/b.rb", "README.md",
                        "src/app.js", ".github/CODEOWNERS"}) {
    touch(f);
  }
  fs::create_directories(dir_ / "tests");
  const nlohmann::json survey = survey_code_at(dir_);
  EXPECT_EQ(survey["linters"], (nlohmann::json{".eslintrc.json", "eslint.config.js", "phpcs.xml.dist"}));
  EXPECT_EQ(survey["ci"],
            (nlohmann::json{".github/workflows/release.yaml", ".github/workflows/test.yml", ".gitlab-ci.yml"}));
  EXPECT_EQ(survey["tests"], (nlohmann::json{"spec", "test", "tests"}));
}

TEST_F(CodeSurvey, AnEmptyRepositoryIsEvidenceToo) {
  touch("index.php");
  fs::create_directories(dir_ / ".github/workflows");  // a folder with no workflow in it
  const nlohmann::json survey = survey_code_at(dir_);
  EXPECT_EQ(survey, (nlohmann::json{{"linters", nlohmann::json::array()},
                                    {"ci", nlohmann::json::array()},
                                    {"tests", nlohmann::json::array()}}));
}

}  // namespace
}  // namespace cldcert
