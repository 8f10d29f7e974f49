// Buffered positional writes to a file, hashing the bytes as they pass.
// Uploads stream through this straight to disk: no upload is ever held in memory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "mocks/digest.h"

namespace cldcert::mock {

class FileWriter {
 public:
  // Opens `path` for writing (creating it; truncating only when `truncate`),
  // writing from byte `offset` on. Hashes with SHA-256 when `hash` is set.
  FileWriter(const std::filesystem::path& path, std::uint64_t offset, bool truncate, bool hash);
  ~FileWriter();
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  void write(const char* data, std::size_t size);
  // Flushes and closes; throws std::runtime_error on an I/O error.
  void close();

  std::uint64_t bytes_written() const { return written_; }
  // First bytes seen (up to kHeadSize): enough to sniff formats and image sizes.
  const std::string& head() const { return head_; }
  // SHA-256 hex of everything written; only after close() and when hashing.
  std::string sha256_hex();

  static constexpr std::size_t kHeadSize = 64 * 1024;

 private:
  void flush_buffer();

  int fd_ = -1;
  std::filesystem::path path_;
  std::uint64_t offset_ = 0;
  std::uint64_t written_ = 0;
  std::string buffer_;
  std::string head_;
  std::optional<StreamingDigest> digest_;
  std::string digest_hex_;
  bool failed_ = false;
};

// Hashes a byte range of an existing file, for chunks that arrived out of order.
void hash_file_range(StreamingDigest& digest, const std::filesystem::path& path, std::uint64_t offset,
                     std::uint64_t length);
std::string sha256_of_file(const std::filesystem::path& path);

}  // namespace cldcert::mock
