// A file's bytes mapped read-only into memory, so a scan reads large files at page-cache speed
// without copying them and without holding more than the kernel chooses to keep.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cldcert::scan {

class MappedFile {
 public:
  // On failure (missing, unreadable, not a regular file) bytes() is empty and error() says why.
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

  // The parts of bytes() that hold data, in order: the whole file, except that the holes of a
  // sparse file (read as zeros, never written) are left out, so a 1 TiB sparse file with a few
  // written bytes is scanned in no time.
  const std::vector<std::string_view>& data() const { return data_extents_; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
  std::string error_;
  std::vector<std::string_view> data_extents_;
};

}  // namespace cldcert::scan
