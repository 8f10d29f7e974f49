#include "mocks/owned_temp_folder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cldcert::mock {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

// A private TMPDIR, so the start-up sweep only sees what the test put there.
class OwnedTempFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* old = std::getenv("TMPDIR");
    saved_ = old ? old : "";
    had_ = old != nullptr;
    dir_ = fs::temp_directory_path() / ("cldcert-owned-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ::setenv("TMPDIR", dir_.c_str(), 1);
  }
  void TearDown() override {
    if (had_)
      ::setenv("TMPDIR", saved_.c_str(), 1);
    else
      ::unsetenv("TMPDIR");
    fs::remove_all(dir_);
  }
  // The pid and start time of a process that has ended.
  std::string dead_owner() {
    pid_t pid = ::fork();
    if (pid == 0) ::_exit(0);
    ::waitpid(pid, nullptr, 0);
    // The same pid with a start time no process has: what a reused pid looks like.
    return std::to_string(pid) + " 1\n";
  }
  void write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }
  fs::path dir_;
  std::string saved_;
  bool had_ = false;
};

TEST_F(OwnedTempFolder, NamesItsLiveOwnerAndIsTrackedUntilRemoved) {
  fs::path folder = make_owned_temp_folder("cldcert-work-");
  EXPECT_EQ(folder.parent_path(), dir_);
  EXPECT_EQ(temp_folder_owner_alive(folder), std::optional<bool>(true));
  EXPECT_THAT(tracked_temp_folders(), Contains(folder));
  remove_owned_temp_folder(folder);
  EXPECT_FALSE(fs::exists(folder));
  EXPECT_THAT(tracked_temp_folders(), Not(Contains(folder)));
}

TEST_F(OwnedTempFolder, RemoveTrackedRemovesEveryTrackedFolder) {
  fs::path a = make_owned_temp_folder("cldcert-work-");
  fs::path b = make_owned_temp_folder("cldcert-mock-");
  remove_tracked_temp_folders();
  EXPECT_FALSE(fs::exists(a));
  EXPECT_FALSE(fs::exists(b));
}

TEST_F(OwnedTempFolder, StartUpRemovesADeadOwnersFoldersAndOnlyMentionsTheRest) {
  write(dir_ / "cldcert-work-dead01" / kTempFolderOwnerFile, dead_owner());
  write(dir_ / "cldcert-work-dead01" / "platform" / "credentials", std::string(2048, 'x'));
  write(dir_ / "cldcert-mock-dead02" / kTempFolderOwnerFile, dead_owner());
  write(dir_ / "cldcert-mock-noown3" / "chunks" / "c", "x");
  fs::last_write_time(dir_ / "cldcert-mock-noown3", fs::file_time_type::clock::now() - std::chrono::minutes(2));
  // Made this moment by a cldcert that has not written its owner file yet: neither removed nor named.
  write(dir_ / "cldcert-mock-fresh6" / "chunks" / "c", "x");
  write(dir_ / "unrelated-dead04" / kTempFolderOwnerFile, dead_owner());
  fs::path live = make_owned_temp_folder("cldcert-mock-");
  std::ostringstream log;
  remove_stale_temp_folders({"cldcert-work-", "cldcert-mock-"}, log);
  EXPECT_FALSE(fs::exists(dir_ / "cldcert-work-dead01"));
  EXPECT_FALSE(fs::exists(dir_ / "cldcert-mock-dead02"));
  EXPECT_TRUE(fs::exists(dir_ / "cldcert-mock-noown3" / "chunks" / "c"));
  EXPECT_TRUE(fs::exists(dir_ / "unrelated-dead04"));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_THAT(log.str(), HasSubstr("removing " + (dir_ / "cldcert-work-dead01").string() + " (2.0 KiB)"));
  EXPECT_THAT(log.str(), HasSubstr((dir_ / "cldcert-mock-noown3").string() + " (0.0 KiB) looks like"));
  EXPECT_THAT(log.str(), Not(HasSubstr(live.string())));
  EXPECT_TRUE(fs::exists(dir_ / "cldcert-mock-fresh6" / "chunks" / "c"));
  EXPECT_THAT(log.str(), Not(HasSubstr("fresh6")));
  remove_owned_temp_folder(live);
}

TEST_F(OwnedTempFolder, StartUpLeavesAnotherUsersFolderAloneWhateverItsOwnerFileSays) {
  write(dir_ / "cldcert-work-other5" / kTempFolderOwnerFile, dead_owner());
  write(dir_ / "cldcert-work-other5" / "theirs", "x");
  if (::chown((dir_ / "cldcert-work-other5").c_str(), ::geteuid() + 1, static_cast<gid_t>(-1)) != 0) {
    GTEST_SKIP() << "giving a folder to another user needs root";
  }
  std::ostringstream log;
  remove_stale_temp_folders({"cldcert-work-"}, log);
  EXPECT_TRUE(fs::exists(dir_ / "cldcert-work-other5" / "theirs"));
  EXPECT_THAT(log.str(), Not(HasSubstr("cldcert-work-other5")));
}

}  // namespace
}  // namespace cldcert::mock
