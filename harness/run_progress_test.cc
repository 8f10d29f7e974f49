#include "harness/run_progress.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
