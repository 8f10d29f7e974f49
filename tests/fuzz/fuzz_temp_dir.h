// A folder in the temp directory for fuzz targets whose code under test reads files: one per
// process (libFuzzer may run several), removed when the process exits.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace cldcert::fuzz {

class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / ("cldcert-fuzz-" + name + "-" + std::to_string(getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace cldcert::fuzz
