#include "harness/runtime_files.h"

#include <cstdlib>

namespace cldcert {
namespace fs = std::filesystem;

namespace {

fs::path running_executable() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : self;
}

}  // namespace

std::vector<fs::path> runtime_folder_candidates(const RuntimeFolder& folder, const fs::path& executable) {
  std::vector<fs::path> out;
  if (const char* dir = std::getenv(folder.env_override); dir && *dir) out.emplace_back(dir);
  if (!executable.empty()) {
    fs::path bin = executable.parent_path();
    out.push_back(bin / folder.installed);
    // CLDCERT_DATA_FROM_BIN: <datadir>/cldcert relative to <bindir> as CMake installs them (../share/cldcert).
    out.push_back((bin / CLDCERT_DATA_FROM_BIN / folder.installed).lexically_normal());
  }
  out.push_back(fs::path(CLDCERT_SOURCE_DIR) / folder.in_source);
  return out;
}

std::optional<fs::path> find_runtime_folder(const RuntimeFolder& folder, std::string_view marker,
                                            const fs::path& executable) {
  for (const auto& dir : runtime_folder_candidates(folder, executable.empty() ? running_executable() : executable)) {
    std::error_code ec;
    if (fs::is_regular_file(dir / marker, ec)) return dir;
  }
  return std::nullopt;
}

}  // namespace cldcert
