#include "harness/scan/git_history.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unordered_map>
#include <vector>

extern char** environ;

namespace cldcert::scan {
namespace fs = std::filesystem;
namespace {

// A git child reading stdin from a file (or /dev/null) and writing stdout into a pipe we read, so
// a large `cat-file --batch` never deadlocks on a full pipe in both directions.
class GitChild {
 public:
  GitChild(const fs::path& repo, std::vector<std::string> args, const std::string& stdin_path = "/dev/null") {
    std::vector<std::string> argv = {"git", "-C", repo.string(), "-c", "core.quotePath=false"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      error_ = std::strerror(errno);
      return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, stdin_path.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    int rc = posix_spawnp(&pid_, "git", &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
      ::close(fds[0]);
      error_ = std::string("cannot run git: ") + std::strerror(rc);
      pid_ = -1;
      return;
    }
    fd_ = fds[0];
  }
  ~GitChild() { finish(); }

  const std::string& error() const { return error_; }

  // Up to `n` more bytes (fewer only at the end of the output).
  std::string_view read(std::size_t n) {
    while (buffer_.size() - pos_ < n && fill()) {}
    std::string_view out(buffer_.data() + pos_, std::min(n, buffer_.size() - pos_));
    pos_ += out.size();
    return out;
  }
  // The next line without its '\n'; false at the end.
  bool read_line(std::string& line) {
    for (std::size_t scanned = pos_;;) {
      auto nl = buffer_.find('\n', scanned);
      if (nl != std::string::npos) {
        line.assign(buffer_, pos_, nl - pos_);
        pos_ = nl + 1;
        return true;
      }
      scanned = buffer_.size();
      if (!fill()) return false;
    }
  }
  std::string read_all() {
    while (fill()) {}
    std::string out = buffer_.substr(pos_);
    pos_ = buffer_.size();
    return out;
  }
  // The exit status; 0 when git succeeded.
  int finish() {
    if (fd_ >= 0) ::close(fd_), fd_ = -1;
    if (pid_ > 0) {
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {}
      pid_ = -1;
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    }
    return status_;
  }

 private:
  bool fill() {
    if (fd_ < 0) return false;
    if (pos_ > (1 << 20) && pos_ * 2 > buffer_.size()) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    char chunk[1 << 16];
    ssize_t n;
    while ((n = ::read(fd_, chunk, sizeof chunk)) < 0 && errno == EINTR) {}
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  int status_ = -1;
  std::string error_;
  std::string buffer_;
  std::size_t pos_ = 0;
};

struct Origin {
  std::string commit, path;
};

// blob sha -> where it first appeared, from `git log --all --reverse --raw -z`: records are
// "\x01<commit>\0" then ":<modes> <old> <new> <status>\0<path>\0" per changed file.
std::unordered_map<std::string, Origin> blob_origins(const fs::path& repo) {
  std::unordered_map<std::string, Origin> origins;
  GitChild git(repo, {"log", "--all", "--reverse", "--no-renames", "--raw", "--no-abbrev", "-z", "--format=%x01%H"});
  std::string out = git.read_all();
  git.finish();
  std::string commit;
  std::string_view rest = out;
  std::string_view pending_meta;
  while (!rest.empty()) {
    auto end = rest.find('\0');
    std::string_view token = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (!token.empty() && token.front() == '\n') token.remove_prefix(1);
    if (!pending_meta.empty()) {
      // ":100644 100644 <old> <new> M": the new blob is the fourth field.
      auto fields = pending_meta;
      std::string_view sha;
      for (int i = 0; i < 4 && !fields.empty(); ++i) {
        auto sp = fields.find(' ');
        sha = fields.substr(0, sp);
        fields = sp == std::string_view::npos ? std::string_view() : fields.substr(sp + 1);
      }
      bool deleted = !fields.empty() && fields.front() == 'D';
      if (!deleted) origins.try_emplace(std::string(sha), Origin{commit, std::string(token)});
      pending_meta = {};
    } else if (!token.empty() && token.front() == '\x01') {
      commit = std::string(token.substr(1));
    } else if (!token.empty() && token.front() == ':') {
      pending_meta = token;
    }
  }
  return origins;
}

}  // namespace

bool is_git_repository(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / ".git", ec);
}

HistoryResult read_history(const fs::path& repo,
                           const std::function<void(const HistoryBlob&, std::string_view)>& on_blob) {
  HistoryResult result;
  GitChild list(repo, {"rev-list", "--all", "--objects", "--filter=object:type=blob"});
  if (!list.error().empty()) {
    result.error = list.error();
    return result;
  }
  // "<sha>" for the commits at ref tips (the filter leaves the others out), "<sha> <path>" for
  // blobs, "<sha> <name>" for annotated tags.
  std::vector<std::pair<std::string, std::string>> blobs;
  std::string line;
  while (list.read_line(line)) {
    auto sp = line.find(' ');
    if (sp == std::string::npos) {
      result.has_commits = true;
      continue;
    }
    blobs.emplace_back(line.substr(0, sp), line.substr(sp + 1));
  }
  if (int status = list.finish(); status != 0) {
    result.error = "git rev-list failed (exit " + std::to_string(status) + ")";
    return result;
  }
  // Every commit object is read too: a secret pasted into a message or an author line is in history.
  GitChild commits(repo, {"rev-list", "--all"});
  while (commits.read_line(line)) blobs.emplace_back(line, "");
  commits.finish();
  if (blobs.empty()) return result;
  auto origins = blob_origins(repo);

  char list_path[] = "/tmp/cldcert-scan-blobs-XXXXXX";
  int fd = ::mkstemp(list_path);
  if (fd < 0) {
    result.error = std::string("cannot write a temporary file: ") + std::strerror(errno);
    return result;
  }
  std::string shas;
  for (const auto& [sha, path] : blobs) shas += sha + "\n";
  bool written = ::write(fd, shas.data(), shas.size()) == static_cast<ssize_t>(shas.size());
  ::close(fd);
  if (written) {
    GitChild cat(repo, {"cat-file", "--batch"}, list_path);
    for (const auto& [sha, path] : blobs) {
      // "<sha> <type> <size>\n<content>\n", or "<sha> missing\n" (a partial clone).
      if (!cat.read_line(line)) {
        result.error = "git cat-file ended early";
        break;
      }
      auto last = line.rfind(' ');
      if (line.ends_with(" missing") || last == std::string::npos) continue;
      std::size_t size = std::stoull(line.substr(last + 1));
      std::string_view content = cat.read(size);
      HistoryBlob blob{sha, path, ""};
      const std::string_view type = std::string_view(line).substr(0, last).substr(sha.size() + 1);
      if (type == "commit" || type == "tag") {
        blob = {sha, "", sha, true};
      } else if (auto it = origins.find(sha); it != origins.end()) {
        blob.commit = it->second.commit, blob.path = it->second.path;
      }
      on_blob(blob, content);
      ++result.blobs;
      cat.read(1);  // the '\n' after the content
    }
    cat.finish();
  } else {
    result.error = "cannot write a temporary file";
  }
  ::unlink(list_path);
  return result;
}

}  // namespace cldcert::scan
