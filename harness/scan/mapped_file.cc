#include "harness/scan/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace cldcert::scan {
namespace {

// [begin, end) of every data region of a file, by SEEK_DATA / SEEK_HOLE; the whole file where the
// file system cannot tell.
std::vector<std::pair<off_t, off_t>> data_regions(int fd, off_t size) {
  std::vector<std::pair<off_t, off_t>> out;
  for (off_t at = 0; at < size;) {
    off_t begin = ::lseek(fd, at, SEEK_DATA);
    if (begin < 0) {
      if (errno == ENXIO) break;  // only a hole is left
      return {{0, size}};
    }
    off_t end = ::lseek(fd, begin, SEEK_HOLE);
    if (end < 0) return {{0, size}};
    end = std::min(end, size);
    out.emplace_back(begin, end);
    at = end;
  }
  return out;
}

}  // namespace

MappedFile::MappedFile(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error_ = std::strerror(errno);
    return;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    error_ = S_ISREG(st.st_mode) ? std::strerror(errno) : "not a regular file";
    ::close(fd);
    return;
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ > 0) {
    data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data_ == MAP_FAILED) {
      error_ = std::strerror(errno);
      data_ = nullptr;
      size_ = 0;
    } else {
      ::madvise(data_, size_, MADV_SEQUENTIAL);
      // Only a file with fewer blocks than bytes can have holes; asking costs a system call per region.
      bool sparse = static_cast<std::uint64_t>(st.st_blocks) * 512 < static_cast<std::uint64_t>(st.st_size);
      auto regions = sparse ? data_regions(fd, st.st_size) : std::vector<std::pair<off_t, off_t>>{{0, st.st_size}};
      for (auto [begin, end] : regions) {
        data_extents_.push_back(bytes().substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin)));
      }
    }
  }
  ::close(fd);
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

}  // namespace cldcert::scan
