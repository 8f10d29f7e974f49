#include "mocks/connection_workers.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>

namespace cldcert::mock {
namespace {

TEST(ConnectionWorkers, ATaskRunsWhileEveryEarlierTaskIsBlocked) {
  ConnectionWorkers workers(64);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  for (int i = 0; i < 40; ++i) workers.enqueue([released] { released.wait(); });
  std::promise<void> ran;
  workers.enqueue([&ran] { ran.set_value(); });
  // Generous: without a free thread it would never run until release.
  EXPECT_EQ(ran.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
  release.set_value();
  workers.shutdown();
  EXPECT_EQ(workers.thread_count(), 0u);
}

TEST(ConnectionWorkers, ThreadsStopAtTheCapAndTasksThenWait) {
  ConnectionWorkers workers(3);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> done = 0;
  for (int i = 0; i < 10; ++i) {
    workers.enqueue([released, &done] {
      released.wait();
      ++done;
    });
  }
  EXPECT_LE(workers.thread_count(), 3u);
  release.set_value();
  workers.shutdown();
  EXPECT_EQ(done.load(), 10);
}

TEST(ConnectionWorkers, ATaskThatThrowsEndsOnlyItself) {
  ConnectionWorkers workers(1);
  workers.enqueue([] { throw std::runtime_error("a content provider failed"); });
  std::promise<void> ran;
  workers.enqueue([&ran] { ran.set_value(); });
  EXPECT_EQ(ran.get_future().wait_for(std::chrono::seconds(30)), std::future_status::ready);
}

}  // namespace
}  // namespace cldcert::mock
