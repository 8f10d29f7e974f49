#include "harness/run_progress.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <sstream>
#include <thread>

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

TEST(RunProgress, EachRunningScenarioWithItsTimeAndStep) {
  const auto now = std::chrono::steady_clock::now();
  std::vector<RunningScenario> running = {{"large-upload", now - 41s, "3/7 upload"}, {"widgets", now - 130s, ""}};
  EXPECT_EQ(heartbeat_text(running, now), "large-upload 41 s (step 3/7 upload) · widgets 2 min 10 s");
  EXPECT_EQ(heartbeat_text({}, now), "");
}

TEST(RunProgress, AnUploadShowsTheBytesReceivedAndTheirRate) {
  const auto now = std::chrono::steady_clock::now();
  RunningScenario upload{"large-upload", now - 41s, "3/7 upload", 512ull << 20, 95.0 * (1 << 20)};
  // API calls of a few KiB are no upload: nothing about bytes.
  RunningScenario basics{"upload-basics", now - 3s, "2/5 upload", 40 * 1024, 2000};
  EXPECT_EQ(
      heartbeat_text({upload, basics}, now),
      "large-upload 41 s (step 3/7 upload; 512.0 MiB received, 95.0 MiB/s) · upload-basics 3 s (step 2/5 upload)");
  // Once the upload ended, its bytes stay and the rate goes.
  upload.bytes_per_second = 0;
  upload.step = "";
  EXPECT_EQ(heartbeat_text({upload}, now), "large-upload 41 s (512.0 MiB received)");
}

TEST(RunProgress, TheRateIsTheBytesBetweenTwoReadingsOverTheTimeBetweenThem) {
  const auto t0 = std::chrono::steady_clock::now();
  ReceiveRate rate;
  // The first reading counts from the scenario's start.
  std::vector<RunningScenario> running = {{"large-upload", t0 - 2s, "", 40ull << 20, 0}, {"widgets", t0, "", 1000, 0}};
  rate.measure(running, t0);
  EXPECT_DOUBLE_EQ(running[0].bytes_per_second, 20.0 * (1 << 20));
  EXPECT_EQ(running[1].bytes_per_second, 0);  // no time has passed since it started
  running[0].received = (40ull << 20) + (300ull << 20);
  running[1].received = 1000;
  rate.measure(running, t0 + 3s);
  EXPECT_DOUBLE_EQ(running[0].bytes_per_second, 100.0 * (1 << 20));
  EXPECT_EQ(running[1].bytes_per_second, 0);  // nothing came
  // A scenario that finished and another of the same id later starts anew.
  std::vector<RunningScenario> later = {{"widgets", t0, "", 5000, 0}};
  rate.measure(later, t0 + 4s);
  EXPECT_DOUBLE_EQ(later[0].bytes_per_second, 4000.0);
  // Forgotten when it stopped running: a new run of it is measured from its own start, not the old reading.
  std::vector<RunningScenario> again = {{"large-upload", t0 + 4s, "", 1000, 0}};
  rate.measure(again, t0 + 5s);
  EXPECT_DOUBLE_EQ(again[0].bytes_per_second, 1000.0);
}

TEST(RunProgress, TheBoardReadsEachScenariosByteCounter) {
  ProgressBoard board;
  auto counter = std::make_shared<std::atomic<std::uint64_t>>(0);
  board.started("large-upload");
  board.started("widgets");
  board.receives("large-upload", counter);
  counter->store(7u << 20);
  auto running = board.running();
  ASSERT_EQ(running.size(), 2u);
  EXPECT_EQ(running[0].received, 7u << 20);
  EXPECT_EQ(running[1].received, 0u);  // no counter given
}

TEST(RunProgress, TheStatusLineFitsTheTerminalAndNeverCutsACharacter) {
  EXPECT_EQ(fit_status_line("a 1 s · b 2 s", 20), "a 1 s · b 2 s");  // 13 characters, 14 bytes
  EXPECT_EQ(fit_status_line("abcdefghij", 10), "abcdefghij");
  EXPECT_EQ(fit_status_line("abcdefghijk", 10), "abcdefg...");
  // The cut falls right after "·" (7 characters kept), not inside its two bytes.
  EXPECT_EQ(fit_status_line("a 1 s ·· b 2 s", 10), "a 1 s ·...");
  EXPECT_EQ(fit_status_line("a 1 s ·· b 2 s", 9), "a 1 s ...");
}

TEST(RunProgress, TheBoardFollowsScenariosAndSteps) {
  ProgressBoard board;
  board.started("a");
  board.started("b");
  board.step("a", 2, 5, "upload");
  board.finished("b");
  auto running = board.running();
  ASSERT_EQ(running.size(), 1u);
  EXPECT_EQ(running[0].id, "a");
  EXPECT_EQ(running[0].step, "2/5 upload");
}

TEST(RunProgress, PlainLinesWhenNotATerminalAndNothingWhenIdle) {
  ProgressBoard board;
  std::ostringstream out;
  std::mutex print;
  {
    Heartbeat idle(board, out, false, print, 5ms, 5ms);
    std::this_thread::sleep_for(40ms);
  }
  EXPECT_EQ(out.str(), "");
  board.started("large-upload");
  board.step("large-upload", 3, 7, "upload");
  {
    Heartbeat beat(board, out, false, print, 5ms, 5ms);
    std::this_thread::sleep_for(60ms);
  }
  EXPECT_THAT(out.str(), HasSubstr("cldcert run: still running: large-upload 0 s (step 3/7 upload)\n"));
  EXPECT_EQ(out.str().find('\r'), std::string::npos);
}

TEST(RunProgress, OnATerminalOneLineRedrawnAndClearedAtTheEnd) {
  ProgressBoard board;
  board.started("widgets\x1b[2J");  // a scenario id is user input: escaped, never a terminal command
  std::ostringstream out;
  std::mutex print;
  {
    Heartbeat beat(board, out, true, print, 5ms, 5ms);
    std::this_thread::sleep_for(60ms);
  }
  const std::string text = out.str();
  EXPECT_THAT(text, HasSubstr("\r\033[K… widgets"));
  EXPECT_EQ(text.find('\n'), std::string::npos);
  EXPECT_EQ(text.find("\x1b[2J"), std::string::npos);
  EXPECT_TRUE(text.ends_with("\r\033[K"));  // nothing of it left for the next line
}

}  // namespace
}  // namespace cldcert
