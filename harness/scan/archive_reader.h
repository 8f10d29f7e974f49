// Archive members as byte buffers (zip and zip-based .jar/.phar, tar, tar.gz/.tgz, bzip2, xz, 7z,
// cpio; a lone .gz as one member), through libarchive, so shipped artifacts are scanned inside.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace cldcert::scan {

// Members larger than this are reported and skipped rather than held in memory.
inline constexpr std::size_t kMaxMemberBytes = std::size_t{512} << 20;

// Whether `bytes` starts with the magic number of a format read_archive opens.
bool looks_like_archive(std::string_view bytes);

// Calls on_member(path inside the archive, bytes) for every regular member, in archive order, and
// warn(text) for members it skips. Returns libarchive's reason when the archive is broken (the
// members read before the damage have been passed on), else empty.
std::string read_archive(std::string_view bytes,
                         const std::function<void(const std::string& member, std::string_view bytes)>& on_member,
                         const std::function<void(const std::string&)>& warn);

}  // namespace cldcert::scan
