// Test plumbing shared by the scanner's tests: generated fake credentials, a temporary folder
// removed afterwards, files written into it, and shell commands (git, tar, python3) run in it.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "mocks/accounts.h"

namespace cldcert::scan::testing {

// A 27-character secret and 15-digit key shaped like Cloudinary's, from the mock's generator:
// fake by construction, different per seed.
inline std::string fake_secret(std::uint64_t seed) {
  return mock::generate_accounts(seed, 1, 1).accounts[0].clouds[0].api_secret;
}
inline std::string fake_key(std::uint64_t seed) {
  return mock::generate_accounts(seed, 1, 1).accounts[0].clouds[0].api_key;
}

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ =
        std::filesystem::temp_directory_path() / ("cldcert-scan-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

  std::filesystem::path write(const std::string& relative, const std::string& content) const {
    auto p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

  // Runs `command` with the folder as working directory; the test fails on a non-zero exit.
  void run(const std::string& command) const {
    std::string full = "cd '" + path_.string() + "' && (" + command + ") >/dev/null 2>&1";
    ASSERT_EQ(std::system(full.c_str()), 0) << command;
  }

 private:
  std::filesystem::path path_;
};

inline const char* kGit =
    "git -c user.name=cldcert -c user.email=dev@cldcert.invalid -c init.defaultBranch=main "
    "-c commit.gpgsign=false";

}  // namespace cldcert::scan::testing
