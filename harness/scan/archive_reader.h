// Archive members as byte streams (zip and zip-based .jar/.phar, tar, tar.gz/.tgz, bzip2, xz, 7z,
// cpio; a lone .gz as one member), through libarchive, so shipped artifacts are scanned inside
// without holding a member whole: a small file can expand to gigabytes (an archive bomb).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

struct archive;

namespace cldcert::scan {

// Decompressed bytes one file's archives (nested ones included) may yield before the rest is left
// unscanned and reported: scanning a bomb would otherwise never end.
inline constexpr std::uint64_t kMaxArchiveBytes = std::uint64_t{8} << 30;

// What is left of a file's kMaxArchiveBytes, shared by the archives nested in it.
struct ArchiveBudget {
  explicit ArchiveBudget(std::uint64_t limit = kMaxArchiveBytes) : limit(limit), remaining(limit) {}
  std::uint64_t limit;
  std::uint64_t remaining;
  bool exhausted = false;
};

// The bytes of the member being read, pulled block by block.
class MemberReader {
 public:
  MemberReader(archive* a, ArchiveBudget& budget) : archive_(a), budget_(budget) {}
  // Up to `size` bytes into `into`; 0 at the member's end, on damage and when the budget runs out
  // (error() then says why).
  std::size_t read(char* into, std::size_t size);
  const std::string& error() const { return error_; }

 private:
  archive* archive_;
  ArchiveBudget& budget_;
  std::string error_;
};

using MemberHandler = std::function<void(const std::string& member, MemberReader& reader)>;
// The next piece of an archive's own bytes; empty at its end.
using ArchiveBytes = std::function<std::string_view()>;

// Whether `bytes` starts with the magic number of a format read_archive opens.
bool looks_like_archive(std::string_view bytes);

// Calls on_member(path inside the archive, reader) for every regular member, in archive order.
// Returns libarchive's reason when the archive is broken or the budget ran out (the members read
// before have been passed on), else empty.
std::string read_archive(std::string_view bytes, const MemberHandler& on_member, ArchiveBudget& budget);
std::string read_archive(const ArchiveBytes& next, const MemberHandler& on_member, ArchiveBudget& budget);

}  // namespace cldcert::scan
