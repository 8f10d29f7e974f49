#include "mocks/owned_temp_folder.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "mocks/proc_stat.h"

namespace cldcert::mock {
namespace {

struct Tracking {
  std::mutex mu;
  std::set<std::filesystem::path> folders;
  TempFolderListener listener = nullptr;
};

// Leaked on purpose: the signal thread may use it while static destructors run.
Tracking& tracking() {
  static auto* t = new Tracking;
  return *t;
}

}  // namespace

std::filesystem::path make_owned_temp_folder(std::string_view prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (std::string(prefix) + "XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary folder under " +
                             std::filesystem::temp_directory_path().string());
  }
  std::filesystem::path folder = pattern;
  track_temp_folder(folder);
  std::ofstream owner(folder / kTempFolderOwnerFile);
  owner << ::getpid() << " " << process_start_time(::getpid()).value_or(0) << "\n";
  return folder;
}

namespace {
std::atomic<bool> stopping{false};
}  // namespace

void stop_temp_file_writes() { stopping = true; }
bool temp_files_stopping() { return stopping.load(); }

void track_temp_folder(const std::filesystem::path& folder) {
  auto& t = tracking();
  std::lock_guard lock(t.mu);
  if (t.folders.insert(folder).second && t.listener) t.listener(true, folder);
}

void untrack_temp_folder(const std::filesystem::path& folder) {
  auto& t = tracking();
  std::lock_guard lock(t.mu);
  if (t.folders.erase(folder) && t.listener) t.listener(false, folder);
}

std::vector<std::filesystem::path> tracked_temp_folders() {
  auto& t = tracking();
  std::lock_guard lock(t.mu);
  return {t.folders.begin(), t.folders.end()};
}

void remove_owned_temp_folder(const std::filesystem::path& folder) {
  std::error_code ec;
  std::filesystem::remove_all(folder, ec);
  // Still tracked when something was left (a file written meanwhile), so the clean-up process retries.
  if (!ec || !std::filesystem::exists(folder, ec)) untrack_temp_folder(folder);
}

void remove_tracked_temp_folders() {
  for (const auto& folder : tracked_temp_folders()) remove_owned_temp_folder(folder);
}

void set_temp_folder_listener(TempFolderListener listener) {
  auto& t = tracking();
  std::lock_guard lock(t.mu);
  t.listener = listener;
  if (listener) {
    for (const auto& folder : t.folders) listener(true, folder);
  }
}

std::optional<std::uint64_t> process_start_time(int pid) {
  auto st = read_proc_stat(static_cast<pid_t>(pid));
  if (!st || st->state == 'Z') return std::nullopt;  // a zombie has ended
  return st->start_time;
}

std::optional<bool> temp_folder_owner_alive(const std::filesystem::path& folder) {
  std::ifstream in(folder / kTempFolderOwnerFile);
  long long pid = 0;
  std::uint64_t start = 0;
  if (!(in >> pid >> start) || pid <= 0) return std::nullopt;
  auto running = process_start_time(static_cast<int>(pid));
  return running.has_value() && *running == start;
}

}  // namespace cldcert::mock

namespace cldcert::mock {
namespace {

constexpr std::time_t kOwnerFileGraceSeconds = 60;

std::uintmax_t folder_bytes(const std::filesystem::path& folder) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(folder, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) total += it->file_size(size_ec);
  }
  return total;
}

std::string human_size(std::uintmax_t bytes) {
  char text[32];
  if (bytes >= (1u << 20)) {
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  } else {
    std::snprintf(text, sizeof text, "%.1f KiB", static_cast<double>(bytes) / 1024);
  }
  return text;
}

}  // namespace

void remove_stale_temp_folders(const std::vector<std::string>& prefixes, std::ostream& log) {
  std::error_code ec;
  const auto temp = std::filesystem::temp_directory_path(ec);
  if (ec) return;
  for (auto it = std::filesystem::directory_iterator(temp, ec); !ec && it != std::filesystem::directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    bool ours =
        std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) { return name.rfind(p, 0) == 0; });
    std::error_code type_ec;
    if (!ours || !it->is_directory(type_ec) || it->is_symlink(type_ec)) continue;
    // The temporary directory is shared: a folder another user made under our name is not ours,
    // whatever its owner file says (cldcert often runs as root, which could remove it).
    struct stat info {};
    if (::lstat(it->path().c_str(), &info) != 0 || info.st_uid != ::geteuid()) continue;
    auto alive = temp_folder_owner_alive(it->path());
    if (alive == std::optional<bool>(true)) continue;  // a run in progress
    std::string size = human_size(folder_bytes(it->path()));
    if (!alive.has_value()) {
      // Another cldcert starting now makes its folder a moment before its owner file: not stale.
      if (std::time(nullptr) - info.st_mtime < kOwnerFileGraceSeconds) continue;
      log << "cldcert: " << it->path().string() << " (" << size << ") looks like a cldcert temporary folder but has no "
          << kTempFolderOwnerFile << "; left alone — remove it yourself if no cldcert is running\n";
      continue;
    }
    log << "cldcert: removing " << it->path().string() << " (" << size
        << "), left behind by a cldcert that was killed or crashed\n";
    std::error_code ignored;
    std::filesystem::remove_all(it->path(), ignored);
  }
}

}  // namespace cldcert::mock
