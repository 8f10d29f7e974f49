// Runs one integration action as a child process: argv without a shell, a clean environment,
// its own process group (killed whole on timeout or Ctrl-C), bounded stdout/stderr capture.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace cldcert {

enum class OutputStream { kStdout, kStderr };

struct ProcessSpec {
  // argv[0] is looked up execvp-style: used as a path if it contains '/', relative to cwd;
  // otherwise searched in the child's PATH (env's PATH if given, else cldcert's own).
  std::vector<std::string> argv;
  // Empty: cldcert's own working directory.
  std::filesystem::path cwd;
  // Added to a clean base env: PATH, HOME, LANG, TMPDIR of cldcert's own env are passed through;
  // everything else is NOT inherited except what env gives (env wins over the base).
  std::map<std::string, std::string> env;
  // Zero or negative: no limit.
  std::chrono::milliseconds timeout{60000};
  // Keep at most this much of stdout and stderr each (the tail if larger, *_truncated set).
  std::size_t max_output_bytes = 4 << 20;
  // Called with every piece of stdout and stderr as it is read, all of it, in order per stream,
  // on run_process's thread: what must see the whole output (the leak scan) watches it here.
  std::function<void(OutputStream, std::string_view)> on_output;
  // Extension: how long a process group gets between SIGTERM and SIGKILL.
  std::chrono::milliseconds kill_grace{2000};
  // The child's stdin: a descriptor the caller keeps writing to (a session's commands, the caller
  // closes its write end to say "no more"); -1 gives /dev/null. Not closed by run_process.
  int stdin_fd = -1;
  // Set by another thread to end a process that would otherwise run on (a session at the end of its
  // scenario): SIGTERM to the group and its descendants, SIGKILL after kill_grace, as on a timeout.
  const std::atomic<bool>* stop = nullptr;
  // Run argv through this launcher (a sandbox's nsenter prefix, launcher[0] an absolute path): argv[0]
  // is resolved as above first, so a missing executable is still spawn_failed, then the launcher is
  // spawned with the resolved path and argv[1..] after its own arguments. Empty: argv as it is.
  std::vector<std::string> launcher;
};

struct ProcessResult {
  int exit_code = -1;   // when the process exited normally, else -1
  int term_signal = 0;  // the signal that ended it, else 0
  bool timed_out = false;
  bool spawn_failed = false;
  std::string spawn_error;  // e.g. "no such file: nodee"
  std::string stdout_text, stderr_text;
  bool stdout_truncated = false, stderr_truncated = false;
  std::chrono::milliseconds duration{0};
  // The last non-empty stdout line if it parses as a JSON object (surrounding whitespace ignored).
  std::optional<nlohmann::json> last_json;
};

// Never throws for anything the child does (missing executable, bad cwd, crash): see spawn_failed.
// Blocks until the child has exited and been reaped. Once it exits, whatever is still running in
// its process group (background jobs it left behind) and every descendant that left the group
// (setsid, a daemonising server; see step_descendants.h) is sent SIGTERM, then SIGKILL, and those
// reparented to cldcert are reaped: an action leaves nothing behind. Makes cldcert the child
// subreaper; the child's environment carries a marker for that (removed from the captured output).
ProcessResult run_process(const ProcessSpec& spec);

// Kills every child process group still running (for Ctrl-C of cldcert itself): SIGTERM, then
// SIGKILL to those still there after the grace. Blocks up to that grace (2 s). Safe to call from a
// signal-handling thread (one that sigwait()s), NOT from inside an async signal handler: it locks
// a mutex. Each interrupted run_process returns with the signal in term_signal.
void kill_all_running_processes();

// Told of every process group a step starts (running) and that ends (!running), under the registry's
// lock, e.g. to forward them to a process that outlives a crash of cldcert (cleanup_guardian).
using ProcessGroupListener = void (*)(bool running, int pgid);
void set_process_group_listener(ProcessGroupListener listener);

// The last non-empty line of `text` parsed as a JSON object, else nullopt (exposed for tests).
std::optional<nlohmann::json> last_line_json(const std::string& text);

}  // namespace cldcert
