#include "harness/scan/file_walker.h"

#include <algorithm>
#include <vector>

namespace cldcert::scan {
namespace fs = std::filesystem;
namespace {

using OnPath = std::function<void(const fs::path&, const std::string&)>;

void walk_dir(const fs::path& dir, const std::string& relative, const OnPath& on_file,
              const std::function<void(const std::string&, const std::string&)>& on_unread,
              const OnPath& on_repository) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    on_unread(relative, "cannot list: " + ec.message());
    return;
  }
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator end; it != end; it.increment(ec)) {
    if (ec) {
      on_unread(relative, "cannot list: " + ec.message());
      break;
    }
    entries.push_back(*it);
  }
  std::sort(entries.begin(), entries.end(), [](const fs::directory_entry& a, const fs::directory_entry& b) {
    return a.path().filename() < b.path().filename();
  });
  for (const auto& entry : entries) {
    std::string name = entry.path().filename().string();
    std::string child = relative.empty() ? name : relative + "/" + name;
    auto status = entry.symlink_status(ec);
    if (ec) {
      on_unread(child, "cannot read: " + ec.message());
      continue;
    }
    if (fs::is_symlink(status)) continue;
    const bool repository = name == ".git" && (fs::is_directory(status) || fs::is_regular_file(status));
    if (repository && !relative.empty() && on_repository) on_repository(dir, relative);
    if (fs::is_directory(status)) {
      if (name == ".git") continue;
      walk_dir(entry.path(), child, on_file, on_unread, on_repository);
    } else if (fs::is_regular_file(status)) {
      on_file(entry.path(), child);
    } else {
      on_unread(child, file_kind(status.type()) + ", not read");
    }
  }
}

}  // namespace

std::string file_kind(fs::file_type type) {
  switch (type) {
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::character: return "a character device";
    case fs::file_type::block: return "a block device";
    default: return "not a regular file";
  }
}

void walk_files(const fs::path& root, const OnPath& on_file,
                const std::function<void(const std::string&, const std::string&)>& on_unread,
                const OnPath& on_repository) {
  std::error_code ec;
  auto status = fs::status(root, ec);
  if (fs::is_directory(status))
    walk_dir(root, "", on_file, on_unread, on_repository);
  else if (fs::is_regular_file(status))
    on_file(root, root.filename().string());
}

}  // namespace cldcert::scan
