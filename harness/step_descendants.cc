#include "harness/step_descendants.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "mocks/proc_stat.h"

namespace cldcert {
namespace {

using mock::ProcStat;
using mock::read_proc_stat;

std::vector<ProcStat> all_processes() {
  std::vector<ProcStat> out;
  DIR* dir = ::opendir("/proc");
  if (!dir) return out;
  while (dirent* entry = ::readdir(dir)) {
    char* end = nullptr;
    long pid = std::strtol(entry->d_name, &end, 10);
    if (*end != '\0' || pid <= 0) continue;
    if (auto st = read_proc_stat(static_cast<pid_t>(pid))) out.push_back(*st);
  }
  ::closedir(dir);
  return out;
}

}  // namespace

void become_child_subreaper() {
  static std::once_flag once;
  std::call_once(once, [] { ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); });
}

StepDescendants::StepDescendants(pid_t leader, std::string marker) : leader_(leader), marker_(std::move(marker)) {}

bool StepDescendants::has_marker(pid_t pid) const {
  std::string environ = mock::read_proc_file(pid, "environ").value_or("");
  std::size_t at = 0;
  while (at < environ.size()) {
    std::size_t end = environ.find('\0', at);
    if (end == std::string::npos) end = environ.size();
    if (environ.compare(at, end - at, marker_) == 0) return true;
    at = end + 1;
  }
  return false;
}

void StepDescendants::scan() {
  const pid_t self = ::getpid();
  std::vector<ProcStat> processes = all_processes();
  std::lock_guard lock(mu_);
  // Roots whose children are ours: the leader, and recorded processes still the same process.
  std::map<pid_t, std::uint64_t> roots{{leader_, 0}};
  for (const auto& st : processes) {
    auto it = recorded_.find(st.pid);
    if (it != recorded_.end() && it->second == st.start_time) roots.emplace(st.pid, st.start_time);
    if (it != recorded_.end() && it->second != st.start_time) recorded_.erase(it);  // a reused pid
  }
  for (const auto& st : processes) {
    if (st.pid == leader_ || st.state == 'Z' || st.ppid != self || recorded_.count(st.pid)) continue;
    if (has_marker(st.pid)) {
      recorded_[st.pid] = st.start_time;
      roots.emplace(st.pid, st.start_time);
    }
  }
  // Parent links, repeated until nothing new: /proc lists parents and children in any order.
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& st : processes) {
      if (st.pid == leader_ || recorded_.count(st.pid)) continue;
      auto parent = roots.find(st.ppid);
      if (parent == roots.end() || st.start_time < parent->second) continue;
      recorded_[st.pid] = st.start_time;
      roots.emplace(st.pid, st.start_time);
      grew = true;
    }
  }
}

void StepDescendants::signal_all(int sig) {
  std::lock_guard lock(mu_);
  for (const auto& [pid, start_time] : recorded_) {
    auto st = read_proc_stat(pid);
    if (st && st->start_time == start_time && st->state != 'Z') ::kill(pid, sig);
  }
}

bool StepDescendants::reap(int budget_ms) {
  const pid_t self = ::getpid();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(budget_ms);
  std::unique_lock lock(mu_);
  while (true) {
    for (auto it = recorded_.begin(); it != recorded_.end();) {
      auto st = read_proc_stat(it->first);
      if (!st || st->start_time != it->second) {
        it = recorded_.erase(it);  // gone, reaped by its own parent
        continue;
      }
      if (st->state == 'Z' && st->ppid == self) {
        int status = 0;
        if (::waitpid(it->first, &status, WNOHANG) == it->first) {
          it = recorded_.erase(it);
          continue;
        }
      }
      ++it;
    }
    if (recorded_.empty()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    lock.unlock();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    lock.lock();
  }
}

std::size_t StepDescendants::recorded() const {
  std::lock_guard lock(mu_);
  return recorded_.size();
}

}  // namespace cldcert
