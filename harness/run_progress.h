// What `cldcert run` shows while scenarios run: a heartbeat per running scenario (how long it has
// run, the step it is at), redrawn in place on a terminal, a plain line every 30 s otherwise (CI logs).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace cldcert {

struct RunningScenario {
  std::string id;
  std::chrono::steady_clock::time_point started;
  std::string step;  // "3/7 upload", "" before the first step
};

// Which scenarios are running and where each is; scenario_run.cc reports to the run's one board.
class ProgressBoard {
 public:
  static ProgressBoard& of_this_run();
  void started(const std::string& scenario);
  void step(const std::string& scenario, std::size_t number, std::size_t count, const std::string& action);
  void finished(const std::string& scenario);
  std::vector<RunningScenario> running() const;

 private:
  mutable std::mutex mutex_;
  std::vector<RunningScenario> running_;
};

// "large-upload 41 s (step 3/7 upload) · widgets 4 s (step 2/5 cldcert.browse)".
std::string heartbeat_text(const std::vector<RunningScenario>& running, std::chrono::steady_clock::time_point now);

// Prints the board's heartbeat on `out` until destroyed: on a terminal one status line redrawn
// every `terminal_every` (cleared before anything else is printed, see clear()), otherwise a line
// "cldcert run: still running: …" every `plain_every` while something runs.
class Heartbeat {
 public:
  Heartbeat(const ProgressBoard& board, std::ostream& out, bool terminal, std::mutex& print,
            std::chrono::milliseconds terminal_every = std::chrono::seconds(1),
            std::chrono::milliseconds plain_every = std::chrono::seconds(30));
  ~Heartbeat();
  // Takes the status line off the terminal; the caller holds `print` and prints next.
  void clear();

 private:
  void beat();

  const ProgressBoard& board_;
  std::ostream& out_;
  const bool terminal_;
  std::mutex& print_;
  const std::chrono::milliseconds every_;
  bool shown_ = false;
  bool stop_ = false;
  std::mutex stop_mutex_;
  std::condition_variable stop_signal_;
  std::thread thread_;
};

// A terminal the status line can be redrawn on: stderr is one and TERM is not "dumb".
bool progress_terminal();

}  // namespace cldcert
