#include "harness/scan/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <string>

namespace cldcert::scan {

bool looks_like_archive(std::string_view b) {
  auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
  return starts("PK\x03\x04") || starts("PK\x05\x06") || starts("\x1f\x8b") || starts("BZh") ||
         starts(std::string_view("\xfd" "7zXZ\0", 6)) || starts("7z\xbc\xaf\x27\x1c") ||
         (b.size() > 262 && b.substr(257, 5) == "ustar");
}

std::string read_archive(std::string_view bytes,
                         const std::function<void(const std::string&, std::string_view)>& on_member,
                         const std::function<void(const std::string&)>& warn) {
  std::unique_ptr<archive, int (*)(archive*)> a(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  // Bids last: a compressed file that is no archive (config.js.gz) is read as one member.
  archive_read_support_format_raw(a.get());
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    return archive_error_string(a.get()) ? archive_error_string(a.get()) : "not a readable archive";
  }
  std::string content;
  archive_entry* entry = nullptr;
  for (;;) {
    int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) return "";
    if (r < ARCHIVE_WARN) return archive_error_string(a.get()) ? archive_error_string(a.get()) : "damaged archive";
    if (archive_entry_filetype(entry) != AE_IFREG && archive_format(a.get()) != ARCHIVE_FORMAT_RAW) continue;
    const char* name = archive_entry_pathname(entry);
    std::string member = name ? name : "data";
    if (archive_entry_size_is_set(entry) && static_cast<std::size_t>(archive_entry_size(entry)) > kMaxMemberBytes) {
      warn("skipped " + member + ": larger than " + std::to_string(kMaxMemberBytes >> 20) + " MiB");
      continue;
    }
    content.clear();
    char buffer[64 * 1024];
    for (;;) {
      la_ssize_t n = archive_read_data(a.get(), buffer, sizeof buffer);
      if (n == 0) break;
      if (n < 0) return member + ": " + (archive_error_string(a.get()) ? archive_error_string(a.get()) : "read error");
      content.append(buffer, static_cast<std::size_t>(n));
      if (content.size() > kMaxMemberBytes) {
        warn("skipped " + member + ": larger than " + std::to_string(kMaxMemberBytes >> 20) + " MiB");
        break;
      }
    }
    if (content.size() <= kMaxMemberBytes) on_member(member, content);
  }
}

}  // namespace cldcert::scan
