// The threads behind the mock's HTTP server: a connection gets a thread of its own (up to a cap), so
// connections that idle or trickle their request head cannot hold every worker while real requests wait.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cldcert::mock {

// cpp-httplib runs one task per connection, for the connection's whole life: the request head is
// read there, with the server's read timeout per read. A fixed pool of N threads is therefore held by
// N connections that send two bytes (or nothing after a request, for the keep-alive timeout).
// This queue starts a thread whenever no thread is free, up to `max_threads`; past the cap tasks
// wait. A task that throws ends its connection, never the process.
class ConnectionWorkers : public httplib::TaskQueue {
 public:
  explicit ConnectionWorkers(std::size_t max_threads);
  ~ConnectionWorkers() override;
  ConnectionWorkers(const ConnectionWorkers&) = delete;
  ConnectionWorkers& operator=(const ConnectionWorkers&) = delete;

  void enqueue(std::function<void()> task) override;
  // Runs the tasks already queued, then joins every thread.
  void shutdown() override;

  // Threads started so far (they stay, parked, until shutdown).
  std::size_t thread_count();

 private:
  void work();

  const std::size_t max_threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool shutting_down_ = false;
};

}  // namespace cldcert::mock
