#include "harness/scratch_dir_test_support.h"

#include <stdlib.h>

#include <fstream>
#include <stdexcept>
#include <system_error>

namespace cldcert {

ScratchDir::ScratchDir(std::string_view name) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / ("cldcert-" + std::string(name) + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path ScratchDir::write(const std::filesystem::path& relative, std::string_view text) const {
  const std::filesystem::path file = path_ / relative;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

}  // namespace cldcert
