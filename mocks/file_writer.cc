#include "mocks/file_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace cldcert::mock {
namespace {
constexpr std::size_t kBufferSize = 1 << 20;

std::runtime_error io_error(const std::string& what, const std::filesystem::path& path) {
  return std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

// Writes all of `run` at `offset`, advancing it, retrying on EINTR; false on any other error.
bool pwrite_all(int fd, std::string_view run, std::uint64_t& offset) {
  while (!run.empty()) {
    ssize_t n = ::pwrite(fd, run.data(), run.size(), static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    offset += static_cast<std::uint64_t>(n);
    run.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}
}  // namespace

FileWriter::FileWriter(const std::filesystem::path& path, std::uint64_t offset, bool truncate, bool hash)
    : path_(path), offset_(offset) {
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0);
  fd_ = ::open(path.c_str(), flags, 0644);
  if (fd_ < 0) throw io_error("cannot open", path);
  if (hash) digest_.emplace(DigestAlgorithm::kSha256);
  buffer_.reserve(kBufferSize);
}

FileWriter::~FileWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void FileWriter::write(const char* data, std::size_t size) {
  if (size == 0) return;
  if (head_.size() < kHeadSize) head_.append(data, std::min(size, kHeadSize - head_.size()));
  if (digest_) digest_->update(data, size);
  written_ += size;
  // Large runs skip the buffer: the multipart parser hands over big slices.
  if (buffer_.empty() && size >= kBufferSize) {
    if (!pwrite_all(fd_, std::string_view(data, size), offset_)) failed_ = true;
    return;
  }
  buffer_.append(data, size);
  if (buffer_.size() >= kBufferSize) flush_buffer();
}

void FileWriter::flush_buffer() {
  if (!failed_ && !pwrite_all(fd_, buffer_, offset_)) failed_ = true;
  buffer_.clear();
}

void FileWriter::close() {
  if (fd_ < 0) return;
  flush_buffer();
  int rc = ::close(fd_);
  fd_ = -1;
  if (digest_) digest_hex_ = digest_->final_hex();
  if (failed_ || rc != 0) throw io_error("cannot write", path_);
}

std::string FileWriter::sha256_hex() { return digest_hex_; }

void hash_file_range(StreamingDigest& digest, const std::filesystem::path& path, std::uint64_t offset,
                     std::uint64_t length) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw io_error("cannot read", path);
  std::vector<char> buffer(kBufferSize);
  while (length > 0) {
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(length, buffer.size()));
    ssize_t n = ::pread(fd, buffer.data(), want, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      throw io_error("short read from", path);
    }
    digest.update(buffer.data(), static_cast<std::size_t>(n));
    offset += static_cast<std::uint64_t>(n);
    length -= static_cast<std::uint64_t>(n);
  }
  ::close(fd);
}

std::string sha256_of_file(const std::filesystem::path& path) {
  StreamingDigest digest;
  hash_file_range(digest, path, 0, std::filesystem::file_size(path));
  return digest.final_hex();
}

}  // namespace cldcert::mock
