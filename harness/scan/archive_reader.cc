#include "harness/scan/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <memory>
#include <string>

namespace cldcert::scan {
namespace {

using ArchivePtr = std::unique_ptr<archive, int (*)(archive*)>;

std::string reason(archive* a, const char* otherwise) {
  return archive_error_string(a) ? archive_error_string(a) : otherwise;
}

ArchivePtr new_reader() {
  ArchivePtr a(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  // Bids last: a compressed file that is no archive (config.js.gz) is read as one member.
  archive_read_support_format_raw(a.get());
  return a;
}

std::string read_members(archive* a, const MemberHandler& on_member, ArchiveBudget& budget) {
  archive_entry* entry = nullptr;
  for (;;) {
    int r = archive_read_next_header(a, &entry);
    if (r == ARCHIVE_EOF) return "";
    if (r < ARCHIVE_WARN) return reason(a, "damaged archive");
    if (archive_entry_filetype(entry) != AE_IFREG && archive_format(a) != ARCHIVE_FORMAT_RAW) continue;
    const char* name = archive_entry_pathname(entry);
    std::string member = name ? name : "data";
    MemberReader reader(a, budget);
    on_member(member, reader);
    if (!reader.error().empty()) return member + ": " + reader.error();
  }
}

la_ssize_t pull_archive_bytes(archive*, void* client, const void** buffer) {
  std::string_view piece = (*static_cast<const ArchiveBytes*>(client))();
  *buffer = piece.data();
  return static_cast<la_ssize_t>(piece.size());
}

}  // namespace

std::size_t MemberReader::read(char* into, std::size_t size) {
  if (!error_.empty()) return 0;
  if (budget_.remaining == 0) {
    // One byte more tells a member that ends exactly at the limit from one that goes on.
    char probe;
    if (archive_read_data(archive_, &probe, 1) == 0) return 0;
    budget_.exhausted = true;
    error_ = "more than " + std::to_string(budget_.limit) + " bytes decompressed";
    return 0;
  }
  size = static_cast<std::size_t>(std::min<std::uint64_t>(size, budget_.remaining));
  la_ssize_t n = archive_read_data(archive_, into, size);
  if (n < 0) {
    error_ = reason(archive_, "read error");
    return 0;
  }
  budget_.remaining -= static_cast<std::uint64_t>(n);
  return static_cast<std::size_t>(n);
}

bool looks_like_archive(std::string_view b) {
  auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
  return starts("PK\x03\x04") || starts("PK\x05\x06") || starts("\x1f\x8b") || starts("BZh") ||
         starts(std::string_view("\xfd"
                                 "7zXZ\0",
                                 6)) ||
         starts("7z\xbc\xaf\x27\x1c") || (b.size() > 262 && b.substr(257, 5) == "ustar");
}

std::string read_archive(std::string_view bytes, const MemberHandler& on_member, ArchiveBudget& budget) {
  ArchivePtr a = new_reader();
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
    return reason(a.get(), "not a readable archive");
  return read_members(a.get(), on_member, budget);
}

std::string read_archive(const ArchiveBytes& next, const MemberHandler& on_member, ArchiveBudget& budget) {
  ArchivePtr a = new_reader();
  if (archive_read_open(a.get(), const_cast<ArchiveBytes*>(&next), nullptr, pull_archive_bytes, nullptr) !=
      ARCHIVE_OK) {
    return reason(a.get(), "not a readable archive");
  }
  return read_members(a.get(), on_member, budget);
}

}  // namespace cldcert::scan
