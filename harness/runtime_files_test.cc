#include "harness/runtime_files.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "harness/scratch_dir_test_support.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;

// A folder kind of its own, so the user's real CLDCERT_*_DIR never changes what these tests see.
constexpr RuntimeFolder kTestFolder{"CLDCERT_RUNTIME_FILES_TEST_DIR", "reports", "reports"};

TEST(RuntimeFiles, AnInstalledBinaryFindsItsShareFolder) {
  unsetenv(kTestFolder.env_override);
  ScratchDir prefix("runtime-files");
  prefix.write("share/cldcert/reports/render.py", "print('installed')\n");
  auto found = find_runtime_folder(kTestFolder, "render.py", prefix / "bin/cldcert");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, prefix / "share/cldcert/reports");
}

TEST(RuntimeFiles, FilesBesideACopiedBinaryComeBeforeTheShareFolder) {
  unsetenv(kTestFolder.env_override);
  ScratchDir prefix("runtime-files");
  prefix.write("share/cldcert/reports/render.py", "print('installed')\n");
  prefix.write("bin/reports/render.py", "print('beside')\n");
  EXPECT_EQ(find_runtime_folder(kTestFolder, "render.py", prefix / "bin/cldcert"), prefix / "bin/reports");
}

TEST(RuntimeFiles, TheEnvironmentComesFirstOnlyWhenItHoldsTheMarker) {
  ScratchDir prefix("runtime-files");
  prefix.write("share/cldcert/reports/render.py", "print('installed')\n");
  setenv(kTestFolder.env_override, (prefix / "mine").c_str(), 1);
  EXPECT_EQ(find_runtime_folder(kTestFolder, "render.py", prefix / "bin/cldcert"), prefix / "share/cldcert/reports");
  prefix.write("mine/render.py", "print('mine')\n");
  EXPECT_EQ(find_runtime_folder(kTestFolder, "render.py", prefix / "bin/cldcert"), prefix / "mine");
  unsetenv(kTestFolder.env_override);
}

TEST(RuntimeFiles, TheSourceTreeIsTheLastResort) {
  unsetenv(kTestFolder.env_override);
  auto candidates = runtime_folder_candidates(kBrowserFolder, "/nowhere/bin/cldcert");
  ASSERT_FALSE(candidates.empty());
  EXPECT_EQ(candidates.back().filename(), "browser");
  EXPECT_EQ(candidates.back().parent_path().filename(), "harness");
  EXPECT_EQ(find_runtime_folder(kTestFolder, "no-such-marker", "/nowhere/bin/cldcert"), std::nullopt);
}

}  // namespace
}  // namespace cldcert
