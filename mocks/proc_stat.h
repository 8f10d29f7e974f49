// One process as Linux's /proc/<pid>/stat describes it: enough to tell a live process from a zombie
// or from an unrelated one that reused its pid, and to follow parent links.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cldcert::mock {

struct ProcStat {
  pid_t pid = 0;
  pid_t ppid = 0;
  char state = '?';              // 'Z' for a zombie: it has ended
  std::uint64_t start_time = 0;  // clock ticks since boot: the same pid with another start is another process
};

// nullopt when no such process exists (or its stat cannot be parsed).
std::optional<ProcStat> read_proc_stat(pid_t pid);

// The whole of /proc/<pid>/<name>, or nullopt when it cannot be read. Never throws: a process may
// be reaped between open and read, which makes read() fail with ESRCH (and an ifstream throw).
std::optional<std::string> read_proc_file(pid_t pid, std::string_view name);

}  // namespace cldcert::mock
