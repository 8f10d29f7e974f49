// Deterministic identifiers (public ids, asset ids, upload ids) from a seed,
// so two runs with the same --seed name their assets the same way.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace cldcert::mock {

// splitmix64: tiny, fixed by its definition, identical on every platform.
std::uint64_t splitmix64(std::uint64_t& state);

class IdSource {
 public:
  explicit IdSource(std::uint64_t seed) : seed_(seed) {}
  // `length` characters of [0-9a-z], like Cloudinary's random public ids.
  std::string alnum(std::size_t length);
  // `length` lowercase hex characters, like asset_id and version_id.
  std::string hex(std::size_t length);

 private:
  std::uint64_t next();
  std::uint64_t seed_;
  std::atomic<std::uint64_t> counter_{0};
};

}  // namespace cldcert::mock
