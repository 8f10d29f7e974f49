// The processes one step started, found even after they left its process group (setsid, a
// daemonising dev server), so they can be stopped with the step: a ppid walk from the step's
// leader, and orphans reparented to cldcert (a child subreaper) that carry the step's marker.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace cldcert {

// Makes cldcert the child subreaper (PR_SET_CHILD_SUBREAPER): a process whose parent exits is
// reparented to cldcert rather than init, where its step can still find and reap it. Idempotent.
void become_child_subreaper();

class StepDescendants {
 public:
  // `marker` is the NAME=VALUE entry placed in the step's environment; `leader` the step's child.
  StepDescendants(pid_t leader, std::string marker);

  // Records every descendant alive now: the leader's descendants by parent links, cldcert's own
  // children carrying the marker (orphans reparented to the subreaper) and their descendants.
  // Never records a process that is neither.
  void scan();

  // Sends `sig` to every recorded process still running as the one recorded (same start time).
  void signal_all(int sig);

  // Waits up to `budget_ms` for the recorded processes to be gone, reaping those that are
  // cldcert's children (they were SIGKILLed: call signal_all(SIGKILL) first). False if some remain.
  bool reap(int budget_ms = 1000);

  std::size_t recorded() const;

 private:
  bool has_marker(pid_t pid) const;

  pid_t leader_;
  std::string marker_;
  mutable std::mutex mu_;                    // kill_all_running_processes signals from another thread
  std::map<pid_t, std::uint64_t> recorded_;  // pid -> start time (clock ticks since boot)
};

}  // namespace cldcert
