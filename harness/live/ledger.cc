#include "harness/live/ledger.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/live/run_tag.h"
#include "mocks/bounded_json.h"

namespace cldcert::live {
namespace {

namespace fs = std::filesystem;
using Kind = CreatedResource::Kind;

[[noreturn]] void fail(const fs::path& file, const std::string& what) {
  throw std::runtime_error("the live ledger " + file.string() + ": " + what + " (" + std::strerror(errno) + ")");
}

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kAsset: return "asset";
    case Kind::kUploadPreset: return "upload_preset";
    case Kind::kNamedTransformation: return "named_transformation";
  }
  return "asset";
}

// The new or removed name survives a crash only once the folder itself is synced.
void sync_folder(const fs::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

void write_all(int fd, const std::string& text, const fs::path& file) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(file, "cannot write");
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) fail(file, "cannot sync");
}

bool same_file(int fd, const fs::path& path) {
  struct stat opened {
  }, named{};
  return ::fstat(fd, &opened) == 0 && ::stat(path.c_str(), &named) == 0 && opened.st_dev == named.st_dev &&
         opened.st_ino == named.st_ino;
}

}  // namespace

fs::path ledger_folder(const char* state_dir, const char* xdg_state_home, const char* home) {
  auto set = [](const char* v) { return v != nullptr && *v != '\0'; };
  if (set(state_dir)) return fs::path(state_dir);
  if (set(xdg_state_home)) return fs::path(xdg_state_home) / "cldcert" / "live";
  if (set(home)) return fs::path(home) / ".local" / "state" / "cldcert" / "live";
  return {};
}

fs::path ledger_folder() {
  return ledger_folder(std::getenv(std::string(kStateDirVariable).c_str()), std::getenv("XDG_STATE_HOME"),
                       std::getenv("HOME"));
}

std::string run_id_of_ledger(const fs::path& file) {
  const std::string stem = file.stem().string();
  return file.extension() == ".jsonl" && is_live_run_id(stem) ? stem : "";
}

bool is_ledger_temporary(const fs::path& file) {
  const std::string name = file.filename().string();
  const auto at = name.find(".jsonl.tmp-");
  if (at == std::string::npos || !is_live_run_id(std::string_view(name).substr(0, at))) return false;
  const std::string pid = name.substr(at + std::string_view(".jsonl.tmp-").size());
  return !pid.empty() && std::all_of(pid.begin(), pid.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string ledger_line(const LedgerEntry& e) {
  const CreatedResource& r = e.resource;
  return nlohmann::json{
      {"run", e.run_id}, {"cloud", r.cloud}, {"kind", kind_name(r.kind)}, {"resource_type", r.resource_type},
      {"type", r.type},  {"name", r.name}}
      .dump();
}

std::optional<LedgerEntry> parse_ledger_line(std::string_view line) {
  const nlohmann::json j = mock::parse_json_text(line).doc;
  if (!j.is_object()) return std::nullopt;
  for (const char* key : {"run", "cloud", "kind", "resource_type", "type", "name"}) {
    if (!j.contains(key) || !j[key].is_string()) return std::nullopt;
  }
  LedgerEntry e;
  e.run_id = j["run"];
  const std::string kind = j["kind"];
  if (kind == "asset")
    e.resource.kind = Kind::kAsset;
  else if (kind == "upload_preset")
    e.resource.kind = Kind::kUploadPreset;
  else if (kind == "named_transformation")
    e.resource.kind = Kind::kNamedTransformation;
  else
    return std::nullopt;
  e.resource.cloud = j["cloud"];
  e.resource.resource_type = j["resource_type"];
  e.resource.type = j["type"];
  e.resource.name = j["name"];
  if (e.resource.cloud.empty() || e.resource.name.empty()) return std::nullopt;
  if (e.resource.kind == Kind::kAsset && (e.resource.resource_type.empty() || e.resource.type.empty()))
    return std::nullopt;
  return e;
}

std::optional<LockedLedger> LockedLedger::open(const fs::path& file, bool create) {
  if (create) {
    std::error_code ec;
    if (fs::create_directories(file.parent_path(), ec))
      fs::permissions(file.parent_path(), fs::perms::owner_all, ec);  // whose assets, in which clouds: the user's
    if (ec) {
      errno = ec.value();
      fail(file, "cannot create its folder");
    }
  }
  // A rewrite renames a new file over the path: the lock taken on the old one is checked to still be the path's.
  for (int attempt = 0; attempt < 5; ++attempt) {
    int fd = ::open(file.c_str(), O_RDWR | O_APPEND | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
    if (fd < 0) {
      if (!create && errno == ENOENT) return std::nullopt;
      fail(file, "cannot open");
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(fd);
      if (error == EWOULDBLOCK) return std::nullopt;
      errno = error;
      fail(file, "cannot lock");
    }
    if (same_file(fd, file)) {
      if (create) sync_folder(file.parent_path());
      return LockedLedger(file, fd);
    }
    ::close(fd);
    if (!create && !fs::exists(file)) return std::nullopt;
  }
  errno = EAGAIN;
  fail(file, "keeps being replaced");
}

LockedLedger::LockedLedger(LockedLedger&& other) noexcept
    : file_(std::move(other.file_)), fd_(std::exchange(other.fd_, -1)) {}

LockedLedger& LockedLedger::operator=(LockedLedger&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    file_ = std::move(other.file_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

LockedLedger::~LockedLedger() {
  if (fd_ >= 0) ::close(fd_);
}

std::vector<LedgerEntry> LockedLedger::read(std::size_t* unreadable) const {
  std::string text;
  char buffer[1 << 14];
  for (off_t at = 0; fd_ >= 0;) {
    ssize_t n = ::pread(fd_, buffer, sizeof buffer, at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    at += n;
  }
  std::vector<LedgerEntry> out;
  std::size_t bad = 0, start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    if (!line.empty()) {
      if (auto e = parse_ledger_line(line))
        out.push_back(std::move(*e));
      else
        ++bad;
    }
    start = end + 1;
  }
  if (unreadable != nullptr) *unreadable = bad;
  return out;
}

void LockedLedger::append(const LedgerEntry& entry) {
  if (fd_ < 0) {
    errno = EBADF;
    fail(file_, "was removed");
  }
  write_all(fd_, ledger_line(entry) + "\n", file_);
}

void LockedLedger::remove() {
  if (fd_ < 0) return;
  if (::unlink(file_.c_str()) != 0 && errno != ENOENT) fail(file_, "cannot remove");
  sync_folder(file_.parent_path());
  ::close(std::exchange(fd_, -1));
}

void LockedLedger::rewrite(const std::vector<LedgerEntry>& entries) {
  if (fd_ < 0) {
    errno = EBADF;
    fail(file_, "was removed");
  }
  fs::path temporary = file_;
  temporary += ".tmp-" + std::to_string(::getpid());
  int fd = ::open(temporary.c_str(), O_RDWR | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) fail(temporary, "cannot create");
  if (::flock(fd, LOCK_EX) != 0) {
    ::close(fd);
    fail(temporary, "cannot lock");
  }
  std::string text;
  for (const auto& e : entries) text += ledger_line(e) + "\n";
  try {
    if (!text.empty())
      write_all(fd, text, temporary);
    else if (::fsync(fd) != 0)
      fail(temporary, "cannot sync");
  } catch (...) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw;
  }
  if (::rename(temporary.c_str(), file_.c_str()) != 0) {
    ::close(fd);
    ::unlink(temporary.c_str());
    fail(file_, "cannot replace");
  }
  sync_folder(file_.parent_path());
  ::close(std::exchange(fd_, fd));
}

RunLedger::RunLedger(const fs::path& folder, std::string run_id)
    : run_id_(std::move(run_id)), file_(folder / (run_id_ + ".jsonl")) {
  std::error_code ec;
  if (fs::exists(file_, ec)) throw std::runtime_error("the live ledger " + file_.string() + " is there already");
  ledger_ = LockedLedger::open(file_, true);
  if (!ledger_) throw std::runtime_error("the live ledger " + file_.string() + " is locked by another process");
}

std::string RunLedger::record(const CreatedResource& resource) {
  std::lock_guard lock(mutex_);
  try {
    if (!ledger_ || ledger_->removed()) {
      ledger_ = LockedLedger::open(file_, true);
      if (!ledger_) return "the live ledger " + file_.string() + " is locked by another process";
    }
    ledger_->append({run_id_, resource});
    open_.push_back(resource);
    return "";
  } catch (const std::exception& e) { return e.what(); }
}

std::string RunLedger::settle(const std::vector<CreatedResource>& deleted) {
  std::lock_guard lock(mutex_);
  std::erase_if(
      open_, [&](const CreatedResource& r) { return std::find(deleted.begin(), deleted.end(), r) != deleted.end(); });
  if (!ledger_ || ledger_->removed()) return "";
  try {
    std::vector<LedgerEntry> entries;
    for (const auto& r : open_) entries.push_back({run_id_, r});
    ledger_->rewrite(entries);
    return "";
  } catch (const std::exception& e) { return e.what(); }
}

std::string RunLedger::close() {
  std::lock_guard lock(mutex_);
  if (!ledger_) return "";
  try {
    if (open_.empty()) ledger_->remove();
    ledger_.reset();
    return "";
  } catch (const std::exception& e) {
    ledger_.reset();
    return e.what();
  }
}

}  // namespace cldcert::live
