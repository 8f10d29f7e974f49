// A fresh folder under the temporary directory for one test, removed with everything in it when the
// test ends, also after a failed ASSERT: tests never share or leave behind their files.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace cldcert {

class ScratchDir {
 public:
  // Named cldcert-<name>-XXXXXX (mkdtemp), so parallel test processes never collide.
  explicit ScratchDir(std::string_view name);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::filesystem::path& relative) const { return path_ / relative; }
  // Writes `text` to path()/relative (creating folders) and returns the file's path.
  std::filesystem::path write(const std::filesystem::path& relative, std::string_view text) const;

 private:
  std::filesystem::path path_;
};

}  // namespace cldcert
