#include "harness/steps/code_survey_step.h"

#include <algorithm>
#include <string>
#include <vector>

namespace cldcert {
namespace {

namespace fs = std::filesystem;

// Configuration files of the linters and formatters partners use (JS/TS, PHP, Python, Ruby, Java,
// Go, C#, C/C++), matched by name at the repository's top level; a name ending in '*' is a prefix.
const std::vector<std::string>& linter_names() {
  static const std::vector<std::string> kNames = {
      ".eslintrc*",     "eslint.config.*", ".prettierrc*",  "biome.json",     "tslint.json",   ".stylelintrc*",
      "phpcs.xml*",     ".phpcs.xml*",     "phpstan.neon*", ".php-cs-fixer*", "psalm.xml",     ".pylintrc",
      ".flake8",        "ruff.toml",       ".ruff.toml",    "mypy.ini",       ".rubocop.yml",  "checkstyle.xml",
      ".golangci.y*ml", ".editorconfig",   ".clang-format", ".clang-tidy",    "stylecop.json", ".swiftlint.yml"};
  return kNames;
}

// CI configurations, as paths from the repository's top level; '*' matches one name in a folder.
const std::vector<std::string>& ci_paths() {
  static const std::vector<std::string> kPaths = {
      ".github/workflows/*", ".gitlab-ci.yml",          ".circleci/config.yml", "Jenkinsfile", "azure-pipelines.yml",
      ".travis.yml",         "bitbucket-pipelines.yml", ".buildkite/*",         ".drone.yml",  ".woodpecker.yml"};
  return kPaths;
}

const std::vector<std::string>& test_folders() {
  static const std::vector<std::string> kFolders = {"test", "tests", "__tests__", "spec", "src/test", "Test", "Tests"};
  return kFolders;
}

bool matches(const std::string& name, const std::string& pattern) {
  auto star = pattern.find('*');
  if (star == std::string::npos) return name == pattern;
  return name.size() >= pattern.size() - 1 && name.starts_with(pattern.substr(0, star)) &&
         name.ends_with(pattern.substr(star + 1));
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) out.push_back(entry.path().filename().string());
  return out;
}

// The files `pattern` ("folder/name-pattern" or "name-pattern") names under `root`.
std::vector<std::string> files_matching(const fs::path& root, const std::string& pattern) {
  const auto slash = pattern.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : pattern.substr(0, slash);
  const std::string name = slash == std::string::npos ? pattern : pattern.substr(slash + 1);
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : names_in(folder.empty() ? root : root / folder)) {
    const fs::path path = folder.empty() ? fs::path(entry) : fs::path(folder) / entry;
    if (matches(entry, name) && fs::is_regular_file(root / path, ec)) out.push_back(path.generic_string());
  }
  return out;
}

nlohmann::json sorted(std::vector<std::string> paths) {
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

}  // namespace

nlohmann::json survey_code_at(const fs::path& dir) {
  std::vector<std::string> linters, ci, tests;
  for (const auto& pattern : linter_names()) {
    for (auto& path : files_matching(dir, pattern)) linters.push_back(std::move(path));
  }
  for (const auto& pattern : ci_paths()) {
    for (auto& path : files_matching(dir, pattern)) ci.push_back(std::move(path));
  }
  std::error_code ec;
  for (const auto& folder : test_folders()) {
    if (fs::is_directory(dir / folder, ec)) tests.push_back(folder);
  }
  return {{"linters", sorted(linters)}, {"ci", sorted(ci)}, {"tests", sorted(tests)}};
}

HarnessStepResult survey_code(const HarnessStepArgs&, const HarnessStepContext& context) {
  return {"", survey_code_at(context.manifest.dir)};
}

}  // namespace cldcert
