#include "harness/bundle_folder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "harness/bundle_manifest.h"
#include "mocks/owned_temp_folder.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
namespace fs = std::filesystem;

class BundleFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cldcert-bundle-folder-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }
  std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  // Everything in dir_ but `keep`: what a staged bundle may have left behind.
  std::vector<std::string> leftovers(const std::string& keep) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) {
      if (e.path().filename() != keep) out.push_back(e.path().filename().string());
    }
    return out;
  }
  fs::path dir_;
};

TEST_F(BundleFolder, AcceptsNothingAnEmptyFolderOrABundle) {
  EXPECT_THAT(check_output_folder(dir_ / "new", {}), IsEmpty());
  fs::create_directories(dir_ / "empty");
  EXPECT_THAT(check_output_folder(dir_ / "empty", {}), IsEmpty());
  write(dir_ / "bundle" / kBundleMarker, "{}\n");
  write(dir_ / "bundle" / "report.json", "{}\n");
  write_bundle_manifest(dir_ / "bundle");
  EXPECT_THAT(check_output_folder(dir_ / "bundle", {}), IsEmpty());
}

// A file the user keeps in a bundle folder (a waivers file, notes) would go with the bundle.
TEST_F(BundleFolder, RefusesABundleHoldingFilesCldcertDidNotWriteOrThatCldcertNeverFinished) {
  write(dir_ / "bundle" / kBundleMarker, "{}\n");
  write(dir_ / "bundle" / "report.json", "{}\n");
  EXPECT_THAT(check_output_folder(dir_ / "bundle", {}), HasSubstr("has .cldcert-bundle but no MANIFEST.sha256"));
  write_bundle_manifest(dir_ / "bundle");
  write(dir_ / "bundle" / "waivers.json", "{\"waivers\": []}\n");
  EXPECT_THAT(check_output_folder(dir_ / "bundle", {}),
              HasSubstr(": is a cldcert bundle holding files cldcert did not write (waivers.json)"));
}

TEST_F(BundleFolder, AcceptsABundleFromBeforeTheMarkerOnlyWhenItsManifestAccountsForEveryFile) {
  write(dir_ / "old" / "report.json", "{}\n");
  write_bundle_manifest(dir_ / "old");
  EXPECT_THAT(check_output_folder(dir_ / "old", {}), IsEmpty());
  write(dir_ / "old" / "notes.txt", "mine\n");
  EXPECT_THAT(check_output_folder(dir_ / "old", {}), HasSubstr("files cldcert did not write (notes.txt)"));
}

TEST_F(BundleFolder, RefusesAFileAFolderOfOtherThingsAndALink) {
  write(dir_ / "file", "precious\n");
  EXPECT_THAT(check_output_folder(dir_ / "file", {}), HasSubstr((dir_ / "file").string() + ": is a file"));
  write(dir_ / "src" / "main.c", "int main;\n");
  EXPECT_THAT(check_output_folder(dir_ / "src", {}),
              HasSubstr((dir_ / "src").string() + ": is a folder that is not a cldcert bundle"));
  fs::create_directories(dir_ / "bundle");
  write(dir_ / "bundle" / kBundleMarker, "{}\n");
  fs::create_directory_symlink(dir_ / "bundle", dir_ / "link");
  EXPECT_THAT(check_output_folder(dir_ / "link", {}), HasSubstr("symbolic link"));
}

TEST_F(BundleFolder, RefusesAFolderThatIsOrContainsAProtectedPathEvenABundle) {
  write(dir_ / "integration" / kBundleMarker, "{}\n");
  write(dir_ / "integration" / "cldcert.json", "{}\n");
  std::vector<ProtectedPath> protect = {{dir_ / "integration" / "cldcert.json", "the integration's manifest"}};
  EXPECT_THAT(check_output_folder(dir_ / "integration", protect),
              HasSubstr(": contains the integration's manifest (" + (dir_ / "integration" / "cldcert.json").string()));
  EXPECT_THAT(check_output_folder(dir_, protect), HasSubstr(": contains the integration's manifest"));
  protect = {{dir_ / "integration" / ".", "the current directory"}};
  EXPECT_THAT(check_output_folder(dir_ / "integration" / ".." / "integration", protect),
              HasSubstr(": is the current directory"));
  // Beside or below a protected folder is fine.
  EXPECT_THAT(check_output_folder(dir_ / "integration" / "report", protect), IsEmpty());
  EXPECT_THAT(check_output_folder(dir_ / "integration-report", protect), IsEmpty());
}

TEST_F(BundleFolder, CommitReplacesThePreviousBundleAndLeavesNothingBeside) {
  write(dir_ / "out" / kBundleMarker, "{}\n");
  write(dir_ / "out" / "report.json", "old\n");
  {
    StagedBundle staged(dir_ / "out");
    EXPECT_EQ(staged.folder().parent_path(), dir_);
    EXPECT_THAT(staged.folder().filename().string(), HasSubstr(".out.cldcert-tmp-"));
    write(staged.folder() / "report.json", "new\n");
    EXPECT_EQ(read(dir_ / "out" / "report.json"), "old\n");  // untouched until commit
    staged.commit();
  }
  EXPECT_EQ(read(dir_ / "out" / "report.json"), "new\n");
  EXPECT_THAT(read(dir_ / "out" / kBundleMarker), HasSubstr("\"schema\":\"cldcert/bundle/v1\""));
  EXPECT_THAT(leftovers("out"), IsEmpty());
}

TEST_F(BundleFolder, AnAbandonedBundleLeavesThePreviousOneIntactAndIsRemoved) {
  write(dir_ / "out" / kBundleMarker, "{}\n");
  write(dir_ / "out" / "report.json", "old\n");
  fs::path staged_folder;
  {
    StagedBundle staged(dir_ / "out");
    staged_folder = staged.folder();
    write(staged.folder() / "report.json", "half");
    EXPECT_THAT(mock::tracked_temp_folders(), ::testing::Contains(staged_folder));
  }
  EXPECT_EQ(read(dir_ / "out" / "report.json"), "old\n");
  EXPECT_THAT(leftovers("out"), IsEmpty());
  EXPECT_THAT(mock::tracked_temp_folders(), ::testing::Not(::testing::Contains(staged_folder)));
}

TEST_F(BundleFolder, ACommittedBundleIsNoLongerTrackedAsScratch) {
  StagedBundle staged(dir_ / "fresh");
  fs::path staged_folder = staged.folder();
  staged.commit();
  EXPECT_TRUE(fs::is_regular_file(dir_ / "fresh" / kBundleMarker));
  EXPECT_THAT(mock::tracked_temp_folders(), ::testing::Not(::testing::Contains(staged_folder)));
  EXPECT_THAT(mock::tracked_temp_folders(), ::testing::Not(::testing::Contains(dir_ / "fresh")));
}

}  // namespace
}  // namespace cldcert
