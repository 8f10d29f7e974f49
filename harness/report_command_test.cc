#include "harness/report_command.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace cldcert {
namespace {

namespace fs = std::filesystem;

// Sets an environment variable for one test, restoring the old value after it.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { old_ ? (void)setenv(name_, old_->c_str(), 1) : (void)unsetenv(name_); }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(FindRenderer, TheSourceTreeByDefault) {
  unsetenv("CLDCERT_REPORTS_DIR");
  auto found = find_renderer();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(fs::canonical(*found), fs::canonical(fs::path(CLDCERT_SOURCE_DIR) / "reports" / "render.py"));
}

TEST(FindRenderer, CldcertReportsDirComesFirstWhenItHoldsRenderPy) {
  fs::path dir = fs::temp_directory_path() / ("cldcert-renderer-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    ScopedEnv env("CLDCERT_REPORTS_DIR", dir.string());
    // Without render.py there it is skipped, not trusted.
    EXPECT_NE(find_renderer()->parent_path(), dir);
    std::ofstream(dir / "render.py") << "print('hi')\n";
    EXPECT_EQ(*find_renderer(), dir / "render.py");
  }
  fs::remove_all(dir);
}

TEST(PythonCandidates, EnvironmentThenConfiguredThenPath) {
  ScopedEnv env("CLDCERT_PYTHON", "/opt/python3.12/bin/python3");
  auto candidates = python_candidates();
  ASSERT_GE(candidates.size(), 2u);
  EXPECT_EQ(candidates.front(), "/opt/python3.12/bin/python3");
  EXPECT_EQ(candidates.back(), "python3");
}

TEST(RenderBundle, ABadBundleGivesRendersExitCode) {
  RenderOutcome r = render_bundle(fs::temp_directory_path() / "cldcert-no-such-bundle");
  EXPECT_FALSE(r.unavailable) << r.why;
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace cldcert
