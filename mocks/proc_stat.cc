#include "mocks/proc_stat.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace cldcert::mock {

std::optional<ProcStat> read_proc_stat(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), {});
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
