#include "mocks/proc_stat.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace cldcert::mock {

std::optional<std::string> read_proc_file(pid_t pid, std::string_view name) {
  std::string path = "/proc/" + std::to_string(pid) + "/" + std::string(name);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string content;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return content;
}

std::optional<ProcStat> read_proc_stat(pid_t pid) {
  std::optional<std::string> content = read_proc_file(pid, "stat");
  if (!content) return std::nullopt;
  const std::string& text = *content;
  // The command name is in parentheses and may hold anything, ')' included: fields follow the last.
  std::size_t close = text.rfind(')');
  if (close == std::string::npos || close + 2 >= text.size()) return std::nullopt;
  ProcStat st;
  st.pid = pid;
  st.state = text[close + 2];
  const char* p = text.c_str() + close + 3;
  // Fields after the state (stat(5) fields 4 on): ppid is the 1st, starttime the 19th.
  char* end = nullptr;
  for (int field = 1; field <= 19; ++field) {
    unsigned long long value = std::strtoull(p, &end, 10);
    if (end == p) return std::nullopt;
    if (field == 1) st.ppid = static_cast<pid_t>(value);
    if (field == 19) st.start_time = value;
    p = end;
  }
  return st;
}

}  // namespace cldcert::mock
