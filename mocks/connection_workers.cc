#include "mocks/connection_workers.h"

#include <iostream>
#include <system_error>

#include "mocks/exchange.h"

namespace cldcert::mock {

ConnectionWorkers::ConnectionWorkers(std::size_t max_threads) : max_threads_(max_threads == 0 ? 1 : max_threads) {}

ConnectionWorkers::~ConnectionWorkers() { shutdown(); }

void ConnectionWorkers::enqueue(std::function<void()> task) {
  std::lock_guard lock(mutex_);
  tasks_.push_back(std::move(task));
  // A parked thread will take it; otherwise a new one, unless the cap is reached.
  if (shutting_down_ || idle_ >= tasks_.size() || threads_.size() >= max_threads_) {
    wake_.notify_one();
    return;
  }
  try {
    threads_.emplace_back([this] { work(); });
  } catch (const std::system_error& e) {
    // Out of threads: the task waits for a running one, as it would past the cap.
    std::cerr << "cldcert mock: cannot start a connection thread: " << e.what() << std::endl;
    wake_.notify_one();
  }
}

void ConnectionWorkers::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    threads.swap(threads_);
  }
  wake_.notify_all();
  for (auto& thread : threads) thread.join();
}

std::size_t ConnectionWorkers::thread_count() {
  std::lock_guard lock(mutex_);
  return threads_.size();
}

void ConnectionWorkers::work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      ++idle_;
      wake_.wait(lock, [this] { return !tasks_.empty() || shutting_down_; });
      --idle_;
      if (tasks_.empty()) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    try {
      task();
    } catch (...) {
      // cpp-httplib catches what a route handler throws, not what escapes while it writes the
      // response (a content provider); without this catch such an exception would end the process.
      std::cerr << "cldcert mock: a connection ended on an internal error: " << exception_text(std::current_exception())
                << std::endl;
    }
  }
}

}  // namespace cldcert::mock
