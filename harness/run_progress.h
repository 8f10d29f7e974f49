// What `cldcert run` shows while scenarios run: a heartbeat per running scenario (how long it has
// run, the step it is at, an upload's bytes and rate), redrawn in place on a terminal, a plain line
// every 30 s otherwise (CI logs).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace cldcert {

struct RunningScenario {
  std::string id;
  std::chrono::steady_clock::time_point started;
  std::string step;             // "3/7 upload", "" before the first step
  std::uint64_t received = 0;   // request body bytes its mock has received so far
  double bytes_per_second = 0;  // how fast they came since the last heartbeat; 0 when unknown or idle
};

// Which scenarios are running and where each is; scenario_run.cc reports to the run's one board.
class ProgressBoard {
 public:
  using ByteCounter = std::shared_ptr<const std::atomic<std::uint64_t>>;
  static ProgressBoard& of_this_run();
  void started(const std::string& scenario);
  // The counter of the bytes the scenario's mock receives (mock::HttpServer::body_bytes_received).
  void receives(const std::string& scenario, ByteCounter counter);
  void step(const std::string& scenario, std::size_t number, std::size_t count, const std::string& action);
  void finished(const std::string& scenario);
  // Each running scenario with its counter read now (bytes_per_second left to ReceiveRate).
  std::vector<RunningScenario> running() const;

 private:
  struct Entry {
    RunningScenario scenario;
    ByteCounter counter;
  };
  mutable std::mutex mutex_;
  std::vector<Entry> running_;
};

// The rate each scenario receives bytes at, from one heartbeat's reading of its counter to the next.
class ReceiveRate {
 public:
  // Sets each scenario's bytes_per_second from its previous reading (on the first, from its start)
  // and forgets the scenarios no longer running.
  void measure(std::vector<RunningScenario>& running, std::chrono::steady_clock::time_point now);

 private:
  struct Reading {
    std::uint64_t bytes;
    std::chrono::steady_clock::time_point at;
  };
  std::map<std::string, Reading> last_;
};

// Below this a scenario's traffic is API calls, not an upload worth watching: the heartbeat leaves it out.
inline constexpr std::uint64_t kShownReceived = 1 << 20;

// "large-upload 41 s (step 3/7 upload; 512.0 MiB received, 95.3 MiB/s) · widgets 4 s (step 2/5 cldcert.browse)".
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
  ReceiveRate rate_;
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

// `text` cut to `columns` characters (its end replaced by "..."), so "\r" redraws all of it.
std::string fit_status_line(const std::string& text, std::size_t columns);

// A terminal the status line can be redrawn on: stderr is one and TERM is not "dumb".
bool progress_terminal();

}  // namespace cldcert
