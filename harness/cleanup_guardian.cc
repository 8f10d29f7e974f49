#include "harness/cleanup_guardian.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>

#include "harness/process_runner.h"
#include "mocks/owned_temp_folder.h"

namespace cldcert {
namespace {

// cldcert's end of the socket; -1 once the guardian is gone.
int guardian_socket = -1;

// Records on the socket, each ended by '\0' (paths may hold any byte but NUL): '+' or '-' and a
// folder's path; 'G' or 'g' and a step's process group id (started, ended).
void send_record(std::string record) {
  if (guardian_socket < 0) return;
  record.push_back('\0');
  for (std::size_t sent = 0; sent < record.size();) {
    // MSG_NOSIGNAL: a guardian that died must not kill cldcert with SIGPIPE.
    ssize_t n = ::send(guardian_socket, record.data() + sent, record.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(guardian_socket);
      guardian_socket = -1;
      return;
    }
    sent += static_cast<std::size_t>(n);
  }
}

void forward_folder(bool tracked, const std::filesystem::path& folder) {
  send_record((tracked ? "+" : "-") + folder.string());
}

void forward_group(bool running, int pgid) { send_record((running ? "G" : "g") + std::to_string(pgid)); }

// The integration's process groups still running when cldcert died: SIGTERM, a grace, then SIGKILL,
// as kill_all_running_processes() would have done.
void stop_groups(const std::set<int>& groups) {
  for (int pgid : groups) ::kill(-pgid, SIGTERM);
  if (groups.empty()) return;
  ::sleep(1);
  for (int pgid : groups) ::kill(-pgid, SIGKILL);
}

[[noreturn]] void guard(int socket) {
  // The terminal's Ctrl-C reaches the whole foreground process group: the guardian must outlive it.
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) ::signal(sig, SIG_IGN);
  ::prctl(PR_SET_NAME, "cldcert-guard");
  std::set<std::string> folders;
  std::set<int> groups;
  std::string pending;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::recv(socket, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // cldcert has ended, however it ended
    pending.append(buffer, static_cast<std::size_t>(n));
    for (std::size_t end; (end = pending.find('\0')) != std::string::npos; pending.erase(0, end + 1)) {
      if (end == 0) continue;
      std::string value = pending.substr(1, end - 1);
      switch (pending[0]) {
        case '+': folders.insert(value); break;
        case '-': folders.erase(value); break;
        case 'G': groups.insert(std::atoi(value.c_str())); break;
        case 'g': groups.erase(std::atoi(value.c_str())); break;
      }
    }
  }
  groups.erase(0);  // never "every process of ours"
  stop_groups(groups);
  for (const auto& folder : folders) {
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
  }
  if (!folders.empty()) {
    std::string line =
        "cldcert: ended abnormally; removed its " + std::to_string(folders.size()) + " temporary folder(s)\n";
    (void)!::write(STDERR_FILENO, line.data(), line.size());
  }
  ::_exit(0);
}

}  // namespace

void start_cleanup_guardian() {
  if (guardian_socket >= 0) return;
  int fds[2];
  // SOCK_CLOEXEC: the integration's processes must not inherit cldcert's end, or the guardian would
  // wait for a daemon the integration left behind instead of for cldcert.
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    std::cerr << "cldcert: cannot start the clean-up process (" << std::strerror(errno)
              << "); a killed run may leave temporary folders behind\n";
    return;
  }
  std::cout.flush();
  std::cerr.flush();
  pid_t pid = ::fork();
  if (pid < 0) {
    std::cerr << "cldcert: cannot start the clean-up process (" << std::strerror(errno)
              << "); a killed run may leave temporary folders behind\n";
    ::close(fds[0]);
    ::close(fds[1]);
    return;
  }
  if (pid == 0) {
    ::close(fds[0]);
    guard(fds[1]);
  }
  ::close(fds[1]);
  guardian_socket = fds[0];
  mock::set_temp_folder_listener(forward_folder);
  set_process_group_listener(forward_group);
}

}  // namespace cldcert
