#include "harness/process_runner.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <random>
#include <system_error>
#include <utility>

#include "harness/step_descendants.h"
#include "mocks/bounded_json.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// kill_all_running_processes() waits this long for SIGTERM to work before SIGKILL.
constexpr milliseconds kKillAllGrace{2000};
// After SIGKILL, how long to keep reading pipes that something outside the group (a process that
// called setsid() but kept our stdout) may hold open forever.
constexpr milliseconds kDrainAfterKill{500};
// Poll interval bounds while waiting for the leader to exit: short at first so quick actions
// return quickly, longer while a slow one runs.
constexpr milliseconds kMinTick{1};
constexpr milliseconds kMaxTick{32};
// How often a running step's descendants are looked up in /proc (a scan reads every process's stat).
constexpr milliseconds kDescendantScanInterval{100};
// The environment variable that tells a step's orphans apart from another step's; never in evidence.
constexpr std::string_view kStepMarkerName = "CLDCERT_STEP_MARKER";

// ---------------------------------------------------------------------------------------------
// Registry of running process groups, for kill_all_running_processes().

struct GroupEntry {
  std::uint64_t serial = 0;                      // tells a reused pgid from the one a caller saw
  bool cancelled = false;                        // kill_all has sent SIGTERM; run_process escalates after its grace
  std::shared_ptr<StepDescendants> descendants;  // those that left the group, signalled with it
};

struct Registry {
  std::mutex mu;
  std::condition_variable cv;
  std::map<pid_t, GroupEntry> groups;  // pgid (== leader pid) -> entry
  std::uint64_t next_serial = 0;
  // Bumped by every kill_all; lets a spawn that raced with it notice and cancel itself.
  std::uint64_t generation = 0;
};

Registry& registry() {
  static Registry r;
  return r;
}

std::atomic<ProcessGroupListener> group_listener{nullptr};

void tell_group_listener(bool running, pid_t pgid) {
  if (auto listener = group_listener.load()) listener(running, static_cast<int>(pgid));
}

// ---------------------------------------------------------------------------------------------
// Small RAII helpers.

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

struct FileActions {
  posix_spawn_file_actions_t fa;
  FileActions() { posix_spawn_file_actions_init(&fa); }
  ~FileActions() { posix_spawn_file_actions_destroy(&fa); }
};

struct SpawnAttr {
  posix_spawnattr_t attr;
  SpawnAttr() { posix_spawnattr_init(&attr); }
  ~SpawnAttr() { posix_spawnattr_destroy(&attr); }
};

std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

// Keeps the last `max` bytes of a stream without holding more than twice that.
class TailCapture {
 public:
  explicit TailCapture(std::size_t max) : max_(max) {}

  void append(const char* data, std::size_t n) {
    total_ += n;
    if (max_ == 0) return;
    if (n >= max_) {
      buf_.assign(data + (n - max_), max_);
      return;
    }
    buf_.append(data, n);
    if (buf_.size() > max_ && buf_.size() - max_ > max_) buf_.erase(0, buf_.size() - max_);
  }

  bool truncated() const { return total_ > max_; }

  std::string take() {
    if (buf_.size() > max_) buf_.erase(0, buf_.size() - max_);
    // A cut can land inside a UTF-8 sequence; drop its orphaned continuation bytes so the text
    // stays valid UTF-8 when the output was (reports serialise it as JSON strings).
    if (truncated()) {
      std::size_t skip = 0;
      while (skip < 3 && skip < buf_.size() && (static_cast<unsigned char>(buf_[skip]) & 0xC0) == 0x80) ++skip;
      buf_.erase(0, skip);
    }
    return std::move(buf_);
  }

 private:
  std::size_t max_;
  std::size_t total_ = 0;
  std::string buf_;
};

// The text's last non-empty line and whether it starts at the very beginning of the text.
std::optional<nlohmann::json> parse_last_line(const std::string& text, bool head_was_cut) {
  std::size_t end = text.size();
  while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  if (end == 0) return std::nullopt;
  std::size_t newline = text.rfind('\n', end - 1);
  std::size_t begin = newline == std::string::npos ? 0 : newline + 1;
  // With the head cut off, a line starting at offset 0 may be the tail of a longer line, and the
  // tail of a line can happen to be valid JSON; evidence must not rest on that.
  if (head_was_cut && newline == std::string::npos) return std::nullopt;
  auto parsed = mock::parse_json_text(std::string_view(text).substr(begin, end - begin)).doc;
  if (!parsed.is_object()) return std::nullopt;
  return parsed;
}

bool is_executable_file(const std::string& path, bool& exists) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  if (!S_ISREG(st.st_mode)) return false;
  exists = true;
  return ::access(path.c_str(), X_OK) == 0;
}

// execvp's search, but over the child's PATH rather than cldcert's, and with relative PATH entries
// (and "" meaning ".") taken relative to the child's cwd, where the child would see them.
std::optional<std::string> search_path(const std::string& name, const std::string& path, const fs::path& cwd,
                                       bool& found_not_executable) {
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t colon = path.find(':', start);
    if (colon == std::string::npos) colon = path.size();
    std::string dir = path.substr(start, colon - start);
    start = colon + 1;
    if (dir.empty()) dir = ".";
    fs::path candidate = fs::path(dir) / name;
    if (candidate.is_relative() && !cwd.empty()) candidate = cwd / candidate;
    bool exists = false;
    if (is_executable_file(candidate.string(), exists)) return candidate.string();
    if (exists) found_not_executable = true;
  }
  return std::nullopt;
}

std::string describe_spawn_error(int err, const std::string& name, const std::string& resolved) {
  switch (err) {
    case ENOENT: {
      struct stat st {};
      if (::stat(resolved.c_str(), &st) == 0) return "cannot run " + name + ": its #! interpreter was not found";
      return "no such file: " + name;
    }
    case EACCES: return "permission denied: " + name;
    case ENOEXEC: return "not an executable (exec format error; a script needs a #! line): " + name;
    default: return "cannot run " + name + ": " + errno_text(err);
  }
}

bool has_nul(const std::string& s) { return s.find('\0') != std::string::npos; }

// Everything the child gets, checked and resolved before anything is spawned; error non-empty
// when it cannot be.
struct Prepared {
  std::string error;
  std::string executable;  // what posix_spawn executes (relative paths are relative to cwd)
  std::vector<std::string> env;
};

Prepared prepare(const ProcessSpec& spec) {
  Prepared p;
  if (spec.argv.empty() || spec.argv[0].empty()) {
    p.error = "empty argv: nothing to run";
    return p;
  }
  for (std::size_t i = 0; i < spec.argv.size(); ++i) {
    if (has_nul(spec.argv[i])) {
      p.error = "argv[" + std::to_string(i) + "] contains a NUL byte";
      return p;
    }
  }
  std::map<std::string, std::string> env;
  for (const char* name : {"PATH", "HOME", "LANG", "TMPDIR"}) {
    if (const char* value = std::getenv(name)) env[name] = value;
  }
  for (const auto& [name, value] : spec.env) {
    if (name.empty() || name.find('=') != std::string::npos || has_nul(name)) {
      p.error = "invalid environment variable name: \"" + name + "\"";
      return p;
    }
    if (has_nul(value)) {
      p.error = "environment variable " + name + " contains a NUL byte";
      return p;
    }
    env[name] = value;
  }
  for (const auto& [name, value] : env) p.env.push_back(name + "=" + value);

  if (!spec.cwd.empty()) {
    std::error_code ec;
    if (!fs::is_directory(spec.cwd, ec)) {
      p.error = "no such directory: " + spec.cwd.string();
      return p;
    }
  }

  const std::string& name = spec.argv[0];
  if (name.find('/') != std::string::npos) {
    p.executable = name;
    return p;
  }
  auto path = env.find("PATH");
  // glibc's execvp default when PATH is unset.
  std::string search = path != env.end() ? path->second : std::string("/bin:/usr/bin");
  bool found_not_executable = false;
  auto found = search_path(name, search, spec.cwd, found_not_executable);
  if (!found) {
    p.error = found_not_executable ? "permission denied: " + name : "no such file: " + name + " (not in PATH)";
    return p;
  }
  p.executable = *found;
  return p;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Exited (status left for waitpid) without reaping it, so its pid, and with it the process
// group id, cannot be reused while we may still signal the group.
bool leader_has_exited(pid_t pid, bool& lost) {
  siginfo_t info{};
  while (true) {
    if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0) return info.si_pid == pid;
    if (errno == EINTR) continue;
    // ECHILD: someone else reaped it (SIGCHLD ignored, or a waitpid(-1) elsewhere).
    lost = true;
    return true;
  }
}

bool cancelled(pid_t pgid) {
  auto& r = registry();
  std::lock_guard lock(r.mu);
  auto it = r.groups.find(pgid);
  return it != r.groups.end() && it->second.cancelled;
}

// Reads what is available, at most 1 MiB so an endless writer cannot starve the deadline
// checks; false once the stream is at EOF or broken.
bool drain(int fd, TailCapture& capture, OutputStream stream,
           const std::function<void(OutputStream, std::string_view)>& on_output) {
  std::array<char, 65536> buf;
  for (int reads = 0; reads < 16;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n > 0) {
      capture.append(buf.data(), static_cast<std::size_t>(n));
      if (on_output) on_output(stream, std::string_view(buf.data(), static_cast<std::size_t>(n)));
      ++reads;
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
  return true;
}

// Owns a spawned child: whatever happens (even an exception), it is killed, unregistered and
// reaped before this goes away, so no zombie or stray group is left behind.
class Child {
 public:
  Child(pid_t pid, std::shared_ptr<StepDescendants> descendants) : pid_(pid), descendants_(std::move(descendants)) {}
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0) finish(false);
  }

  // Kills what is left of the group and every descendant that left it, unregisters it, reaps the
  // leader and those descendants that were reparented to cldcert; returns the leader's wait status.
  int finish(bool status_lost) {
    // The leader is not reaped yet, so the pgid is still ours to signal.
    descendants_->scan();
    if (!status_lost) ::kill(-pid_, SIGKILL);
    descendants_->signal_all(SIGKILL);
    {
      auto& r = registry();
      std::lock_guard lock(r.mu);
      r.groups.erase(pid_);
      tell_group_listener(false, pid_);
      r.cv.notify_all();
    }
    int status = 0;
    if (!status_lost) {
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {}
    }
    pid_ = -1;
    descendants_->reap();
    return status;
  }

 private:
  pid_t pid_;
  std::shared_ptr<StepDescendants> descendants_;
};

// NAME=VALUE, a value no other step has.
std::string step_marker() {
  static std::mutex mu;
  static std::mt19937_64 random{std::random_device{}()};
  std::lock_guard lock(mu);
  char value[17];
  std::snprintf(value, sizeof value, "%016llx", static_cast<unsigned long long>(random()));
  return std::string(kStepMarkerName) + "=" + value;
}

// The output without the marker, should the step have printed its environment.
std::string without_marker(std::string text, const std::string& marker) {
  const std::string value = marker.substr(marker.find('=') + 1);
  for (const std::string& needle : {marker + "\n", marker, value}) {
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at))
      text.erase(at, needle.size());
  }
  return text;
}

}  // namespace

std::optional<nlohmann::json> last_line_json(const std::string& text) { return parse_last_line(text, false); }

ProcessResult run_process(const ProcessSpec& spec) {
  ProcessResult result;
  const auto start = Clock::now();
  auto finish_duration = [&] { result.duration = std::chrono::duration_cast<milliseconds>(Clock::now() - start); };

  Prepared prepared = prepare(spec);
  if (!prepared.error.empty()) {
    result.spawn_failed = true;
    result.spawn_error = prepared.error;
    finish_duration();
    return result;
  }
  // Orphans of this step are reparented to cldcert and recognised by this entry of their environment.
  become_child_subreaper();
  const std::string marker = step_marker();
  prepared.env.push_back(marker);

  // O_CLOEXEC: a child spawned concurrently by another thread must not inherit our write ends,
  // or our EOF would wait for that unrelated child to exit.
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    result.spawn_failed = true;
    result.spawn_error = "pipe: " + errno_text(errno);
    finish_duration();
    return result;
  }
  Fd out_read(out_pipe[0]), out_write(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    result.spawn_failed = true;
    result.spawn_error = "pipe: " + errno_text(errno);
    finish_duration();
    return result;
  }
  Fd err_read(err_pipe[0]), err_write(err_pipe[1]);

  FileActions actions;
  if (spec.stdin_fd >= 0)
    posix_spawn_file_actions_adddup2(&actions.fa, spec.stdin_fd, STDIN_FILENO);
  else
    posix_spawn_file_actions_addopen(&actions.fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions.fa, out_write.fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions.fa, err_write.fd, STDERR_FILENO);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  // Descriptors some library opened without O_CLOEXEC (sockets, the mock's listener) stay ours.
  posix_spawn_file_actions_addclosefrom_np(&actions.fa, STDERR_FILENO + 1);
#endif
  std::string cwd = spec.cwd.string();
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions.fa, cwd.c_str());

  SpawnAttr attr;
  // Own process group (pgid = child's pid) so a timeout or Ctrl-C reaches its descendants too.
  // Clean signal state: cldcert blocks SIGINT/SIGTERM for its sigwait thread and may ignore
  // SIGPIPE; a child inheriting that would shrug off our SIGTERM or misbehave on closed pipes.
  sigset_t empty_mask, all_signals;
  sigemptyset(&empty_mask);
  sigfillset(&all_signals);
  sigdelset(&all_signals, SIGKILL);
  sigdelset(&all_signals, SIGSTOP);
  posix_spawnattr_setflags(&attr.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr.attr, 0);
  posix_spawnattr_setsigmask(&attr.attr, &empty_mask);
  posix_spawnattr_setsigdefault(&attr.attr, &all_signals);

  std::vector<std::string> argv_storage = spec.argv;
  std::vector<char*> argv = c_strings(argv_storage);
  std::vector<char*> envp = c_strings(prepared.env);

  auto& reg = registry();
  std::uint64_t generation_before;
  {
    std::lock_guard lock(reg.mu);
    generation_before = reg.generation;
  }

  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, prepared.executable.c_str(), &actions.fa, &attr.attr, argv.data(), envp.data());
  out_write.reset();
  err_write.reset();
  if (rc != 0) {
    std::string resolved = prepared.executable;
    if (fs::path(resolved).is_relative() && !spec.cwd.empty()) resolved = (spec.cwd / resolved).string();
    result.spawn_failed = true;
    result.spawn_error = describe_spawn_error(rc, spec.argv[0], resolved);
    finish_duration();
    return result;
  }

  auto descendants = std::make_shared<StepDescendants>(pid, marker);
  Child child(pid, descendants);
  {
    std::lock_guard lock(reg.mu);
    GroupEntry& entry = reg.groups[pid];
    entry.serial = ++reg.next_serial;
    tell_group_listener(true, pid);
    entry.descendants = descendants;
    // A kill_all between our spawn and this registration did not see us: honour it now.
    if (reg.generation != generation_before) {
      entry.cancelled = true;
      ::kill(-pid, SIGTERM);
    }
  }

  for (int fd : {out_read.fd, err_read.fd}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);

  TailCapture out_capture(spec.max_output_bytes), err_capture(spec.max_output_bytes);
  struct Stream {
    Fd* fd;
    TailCapture* capture;
    OutputStream which;
  };
  // stderr first: what a session logged before its answer line is read before the answer, so it
  // stays with the step that answer ends (integration_session.h).
  std::array<Stream, 2> streams{
      {{&err_read, &err_capture, OutputStream::kStderr}, {&out_read, &out_capture, OutputStream::kStdout}}};

  const bool has_deadline = spec.timeout.count() > 0;
  const auto deadline = start + spec.timeout;
  const milliseconds grace = std::max(spec.kill_grace, milliseconds{0});
  std::optional<Clock::time_point> term_at, kill_at;
  bool leader_exited = false;
  bool status_lost = false;
  milliseconds tick = kMinTick;
  Clock::time_point next_scan = start;
  // The group and every descendant that left it, looked up first: one the signal ends at once
  // could no longer be told apart (a zombie's environment is empty) nor reaped.
  auto signal_step = [&](int sig) {
    descendants->scan();
    ::kill(-pid, sig);
    descendants->signal_all(sig);
  };

  while (true) {
    if (!leader_exited && leader_has_exited(pid, status_lost)) {
      leader_exited = true;
      if (status_lost) break;
      // Whatever it left running goes too (SIGKILL follows once pipes close).
      if (!term_at) {
        signal_step(SIGTERM);
        term_at = Clock::now();
      }
    }
    if (!leader_exited && Clock::now() >= next_scan) {
      descendants->scan();
      next_scan = Clock::now() + kDescendantScanInterval;
    }
    bool pipes_open = out_read.fd >= 0 || err_read.fd >= 0;
    if (leader_exited && !pipes_open) break;

    auto now = Clock::now();
    if (!term_at) {
      if (has_deadline && now >= deadline) {
        result.timed_out = true;
        signal_step(SIGTERM);
        term_at = now;
      } else if (cancelled(pid)) {
        term_at = now;  // kill_all (or our registration) already sent SIGTERM
      } else if (spec.stop && spec.stop->load()) {
        signal_step(SIGTERM);
        term_at = now;
      }
    }
    if (term_at && !kill_at && now >= *term_at + grace) {
      signal_step(SIGKILL);
      kill_at = now;
    }
    // Our pipes are held by something that left the group; stop waiting for their EOF.
    if (kill_at && leader_exited && now >= *kill_at + kDrainAfterKill) break;

    auto wake = now + tick;
    if (!term_at && has_deadline) wake = std::min(wake, deadline);
    if (term_at && !kill_at) wake = std::min(wake, *term_at + grace);
    if (kill_at) wake = std::min(wake, *kill_at + kDrainAfterKill);
    auto wait_ms = std::chrono::ceil<milliseconds>(std::max(wake - now, Clock::duration::zero()));

    std::array<pollfd, 2> fds{};
    std::array<Stream*, 2> polled{};
    nfds_t n = 0;
    for (auto& stream : streams) {
      if (stream.fd->fd < 0) continue;
      fds[n] = pollfd{stream.fd->fd, POLLIN, 0};
      polled[n++] = &stream;
    }
    int ready = ::poll(fds.data(), n, static_cast<int>(wait_ms.count()));
    if (ready > 0) {
      tick = kMinTick;
      // Every open stream, stderr first, whichever poll named: a wake-up may report only stdout
      // although stderr was written before it, and a session's log must be read before its answer.
      for (nfds_t i = 0; i < n; ++i) {
        if (!drain(polled[i]->fd->fd, *polled[i]->capture, polled[i]->which, spec.on_output)) polled[i]->fd->reset();
      }
    } else {
      tick = std::min(tick * 2, kMaxTick);
    }
  }

  int status = child.finish(status_lost);
  if (!status_lost) {
    if (WIFEXITED(status)) {
      result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      result.term_signal = WTERMSIG(status);
    }
  }

  result.stdout_truncated = out_capture.truncated();
  result.stderr_truncated = err_capture.truncated();
  result.stdout_text = without_marker(out_capture.take(), marker);
  result.stderr_text = without_marker(err_capture.take(), marker);
  result.last_json = parse_last_line(result.stdout_text, result.stdout_truncated);
  finish_duration();
  return result;
}

void set_process_group_listener(ProcessGroupListener listener) { group_listener = listener; }

void kill_all_running_processes() {
  auto& r = registry();
  std::vector<std::pair<pid_t, std::uint64_t>> targets;
  std::unique_lock lock(r.mu);
  ++r.generation;
  for (auto& [pgid, entry] : r.groups) {
    if (!entry.cancelled) ::kill(-pgid, SIGTERM);
    if (!entry.cancelled && entry.descendants) entry.descendants->signal_all(SIGTERM);
    entry.cancelled = true;
    targets.emplace_back(pgid, entry.serial);
  }
  // Registered means not yet reaped, so the pgid still names the group we signalled.
  auto still_running = [&](const std::pair<pid_t, std::uint64_t>& target) {
    auto it = r.groups.find(target.first);
    return it != r.groups.end() && it->second.serial == target.second;
  };
  r.cv.wait_for(lock, kKillAllGrace, [&] { return std::none_of(targets.begin(), targets.end(), still_running); });
  for (const auto& target : targets) {
    if (!still_running(target)) continue;
    ::kill(-target.first, SIGKILL);
    if (const auto& descendants = r.groups.find(target.first)->second.descendants) descendants->signal_all(SIGKILL);
  }
}

}  // namespace cldcert
