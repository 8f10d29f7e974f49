#include "harness/bundle_manifest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "mocks/digest.h"

namespace cldcert {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

class BundleManifest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cldcert-manifest-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "logs" / "a");
    write("report.json", "{}\n");
    write("logs/a/1-install.log", "ok\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name, std::ios::binary) << text; }
  fs::path dir_;
};

TEST_F(BundleManifest, ListsEveryFileInSha256sumFormatAndVerifies) {
  write_bundle_manifest(dir_);
  std::ifstream in(dir_ / kBundleManifest);
  std::string first, second;
  std::getline(in, first);
  std::getline(in, second);
  EXPECT_EQ(first.substr(64), "  logs/a/1-install.log");
  EXPECT_EQ(second, "ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356  report.json");
  EXPECT_TRUE(check_bundle_manifest(dir_).empty());
}

TEST_F(BundleManifest, NamesChangedMissingAndAddedFiles) {
  write_bundle_manifest(dir_);
  write("report.json", "{\"verdict\":\"pass\"}\n");
  fs::remove(dir_ / "logs/a/1-install.log");
  write("extra.txt", "x");
  EXPECT_THAT(check_bundle_manifest(dir_),
              ElementsAre(HasSubstr("logs/a/1-install.log: listed in MANIFEST.sha256 but missing"),
                          HasSubstr("report.json: changed since the bundle was written"),
                          HasSubstr("extra.txt: not in MANIFEST.sha256")));
}

TEST_F(BundleManifest, AMissingOrMalformedManifestIsAProblem) {
  EXPECT_THAT(check_bundle_manifest(dir_), ElementsAre(HasSubstr("MANIFEST.sha256: missing")));
  write(kBundleManifest, "not a line\n");
  EXPECT_THAT(check_bundle_manifest(dir_), testing::Contains(HasSubstr("MANIFEST.sha256:1: not")));
}

// A forger's MANIFEST.sha256 may name files outside the bundle with their right hashes: each is
// refused by its path, never read.
TEST_F(BundleManifest, RefusesPathsThatLeadOutsideTheBundle) {
  const fs::path outside = dir_.parent_path() / (dir_.filename().string() + "-outside.txt");
  std::ofstream(outside, std::ios::binary) << "elsewhere\n";
  write_bundle_manifest(dir_);
  const std::string hash = mock::file_sha256_hex(outside);
  std::ofstream(dir_ / kBundleManifest, std::ios::app) << hash << "  ../" << outside.filename().string() << "\n"
                                                       << hash << "  " << outside.string() << "\n"
                                                       << hash << "  logs/./a/1-install.log\n";
  fs::create_symlink(outside, dir_ / "link.txt");
  auto problems = check_bundle_manifest(dir_);
  fs::remove(outside);
  EXPECT_THAT(
      problems,
      ::testing::IsSupersetOf({
          HasSubstr("../" + outside.filename().string() + ": listed in MANIFEST.sha256 as a path with a \"..\" part"),
          HasSubstr(outside.string() + ": listed in MANIFEST.sha256 as an absolute path"),
          HasSubstr("logs/./a/1-install.log: listed in MANIFEST.sha256 as a path with a \".\" part"),
          HasSubstr("link.txt: a symbolic link"),
      }));
}

TEST_F(BundleManifest, RefusesAListedSymbolicLinkEvenWithTheRightHash) {
  const fs::path outside = dir_.parent_path() / (dir_.filename().string() + "-target.txt");
  std::ofstream(outside, std::ios::binary) << "elsewhere\n";
  fs::create_directories(dir_ / "evidence");
  fs::create_symlink(outside, dir_ / "evidence" / "a.json");
  std::ofstream(dir_ / kBundleManifest, std::ios::binary | std::ios::trunc);
  write_bundle_manifest(dir_);  // does not list the link
  std::ofstream(dir_ / kBundleManifest, std::ios::app) << mock::file_sha256_hex(outside) << "  evidence/a.json\n";
  auto problems = check_bundle_manifest(dir_);
  fs::remove(outside);
  EXPECT_THAT(problems, ::testing::Contains(HasSubstr("evidence/a.json: listed in MANIFEST.sha256 as a path through a "
                                                      "symbolic link")));
}

}  // namespace
}  // namespace cldcert
