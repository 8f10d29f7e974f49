// A long-lived integration process for one scenario (manifest "session", docs/manifest.md): each
// step it serves is one JSON line on its stdin, answered by one JSON line with the same id on stdout.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/checks/check.h"
#include "harness/process_runner.h"
#include "harness/steps/secret_scan_step.h"

namespace cldcert {

struct SessionAnswer {
  enum class Kind {
    kAnswered,  // `answer` is its line
    kTimedOut,  // no answer in time; the session is still running
    kEnded,     // the process ended (or never started) before answering: `ended` says how
  };
  Kind kind = Kind::kEnded;
  nlohmann::json answer;
  std::string line;  // the answer as printed, for the step's record
  std::string ended;
};

// What the session printed between two take_output() calls, but its answer lines (each goes to its
// own step with its answer): the log a step's record holds as its own.
struct SessionOutput {
  std::string stdout_text, stderr_text;
  std::vector<OutputLeak> leaks;  // secrets in that raw output, found before anything is redacted
};

class IntegrationSession {
 public:
  // Starts `spec` (its stdin and stop are set here) on a thread of its own, in its own process
  // group like any action. A spawn failure shows as kEnded on the first wait().
  IntegrationSession(ProcessSpec spec, std::vector<std::string> secrets);
  IntegrationSession(const IntegrationSession&) = delete;
  IntegrationSession& operator=(const IntegrationSession&) = delete;
  ~IntegrationSession();

  // Writes `command` with a fresh "id" as one line; returns the id. A session that stopped reading
  // its stdin is not waited for: the line is dropped after `timeout` and wait() times out.
  std::uint64_t send(nlohmann::json command, std::chrono::milliseconds timeout);
  // The answer to `id`, waiting at most `timeout`.
  SessionAnswer wait(std::uint64_t id, std::chrono::milliseconds timeout);
  // The output since the last call, and the leaks in it.
  SessionOutput take_output();
  // Closes its stdin (the session should then exit by itself), waits up to `grace`, then stops the
  // group (SIGTERM, SIGKILL) and everything it started. What it printed since the last
  // take_output() stays to be taken. Idempotent.
  ProcessResult stop(std::chrono::milliseconds grace);
  // Ended on its own or stopped.
  bool ended() const;
  // How it ended, for messages: "exited with 1; stderr: …", "could not start: …".
  std::string how_it_ended() const;

 private:
  void on_output(OutputStream stream, std::string_view piece);
  bool take_line(std::string_view line);  // under mu_; true when it is an answer

  int stdin_write_ = -1;
  std::atomic<bool> stop_requested_{false};
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, std::pair<nlohmann::json, std::string>> answers_;  // by id: parsed, as printed
  std::set<std::uint64_t> answered_;  // ids whose answer came: a second line with one is a log line
  std::string partial_line_;
  bool line_too_long_ = false;
  SessionOutput pending_;
  std::unique_ptr<OutputLeakScan> leak_scan_;
  std::vector<std::string> secrets_;
  bool ended_ = false;
  ProcessResult result_;
  std::thread thread_;
};

}  // namespace cldcert
