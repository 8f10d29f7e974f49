// SHA-1 / SHA-256 / HMAC helpers over OpenSSL, one-shot and streaming.
// Cloudinary signs with SHA-1 or SHA-256; the journal fingerprints bodies with SHA-256.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace cldcert::mock {

enum class DigestAlgorithm { kSha1, kSha256 };

// Lower-case hex of the digest of `data`.
std::string digest_hex(DigestAlgorithm algorithm, std::string_view data);
inline std::string sha1_hex(std::string_view data) { return digest_hex(DigestAlgorithm::kSha1, data); }
inline std::string sha256_hex(std::string_view data) { return digest_hex(DigestAlgorithm::kSha256, data); }

// Raw (binary) digest bytes, for base64-encoded URL signatures.
std::string digest_raw(DigestAlgorithm algorithm, std::string_view data);

// HMAC-SHA256 of `data` with the raw `key`, as raw bytes.
std::string hmac_sha256_raw(std::string_view key, std::string_view data);

std::string hex_encode(std::string_view bytes);

// Incremental hashing for bodies that never sit in memory whole.
class StreamingDigest {
 public:
  explicit StreamingDigest(DigestAlgorithm algorithm = DigestAlgorithm::kSha256);
  ~StreamingDigest();
  StreamingDigest(StreamingDigest&&) noexcept;
  StreamingDigest& operator=(StreamingDigest&&) noexcept;

  void update(const void* data, std::size_t size);
  void update(std::string_view data) { update(data.data(), data.size()); }
  // Lower-case hex; the object is spent afterwards.
  std::string final_hex();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Lower-case hex SHA-256 of a file's bytes, read in 1 MiB blocks; "" when it cannot be read.
std::string file_sha256_hex(const std::filesystem::path& path);

}  // namespace cldcert::mock
