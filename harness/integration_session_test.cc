#include "harness/integration_session.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <string>

namespace cldcert {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::Not;

// A session written in Python: `body` handles each command `c` (a dict) and may call answer(c, ...).
ProcessSpec python_session(const std::string& body) {
  ProcessSpec spec;
  spec.argv = {"python3", "-c",
               "import json, sys, time, threading\n"
               "lock = threading.Lock()\n"
               "def answer(c, **fields):\n"
               "    with lock:\n"
               "        print(json.dumps(dict(id=c['id'], **fields)), flush=True)\n"
               "for line in sys.stdin:\n"
               "    c = json.loads(line)\n" +
                   body};
  spec.kill_grace = milliseconds(500);
  return spec;
}

TEST(IntegrationSession, AnswersAreMatchedByIdInWhateverOrderTheyCome) {
  // The first command is answered after the second: concurrent steps finish in any order.
  IntegrationSession session(
      python_session("    if c['action'] == 'slow':\n"
                     "        threading.Timer(0.3, answer, [c], dict(exit_code=0, output=dict(n=1))).start()\n"
                     "    else:\n"
                     "        answer(c, exit_code=0, output=dict(n=2))\n"),
      {});
  auto slow = session.send({{"action", "slow"}}, milliseconds(1000));
  auto fast = session.send({{"action", "fast"}}, milliseconds(1000));
  EXPECT_NE(slow, fast);
  SessionAnswer second = session.wait(fast, milliseconds(5000));
  SessionAnswer first = session.wait(slow, milliseconds(5000));
  ASSERT_EQ(first.kind, SessionAnswer::Kind::kAnswered);
  ASSERT_EQ(second.kind, SessionAnswer::Kind::kAnswered);
  EXPECT_EQ(first.answer["output"]["n"], 1);
  EXPECT_EQ(second.answer["output"]["n"], 2);
  // Closing its stdin ends it: it exits by itself, nobody kills it.
  ProcessResult end = session.stop(milliseconds(5000));
  EXPECT_EQ(end.exit_code, 0);
  EXPECT_EQ(end.term_signal, 0);
  EXPECT_TRUE(session.ended());
}

TEST(IntegrationSession, OutputIsTakenPerStepWithTheLeaksInIt) {
  const std::string secret = "fake-secret-0123456789abcdefXYZ";
  IntegrationSession session(
      python_session("    print('working on', c['action'], flush=True)\n"
                     "    sys.stderr.write('log: ' + c['args']['say'] + '\\n'); sys.stderr.flush()\n"
                     "    answer(c, exit_code=3, message='not logged in')\n"),
      {secret});
  auto one = session.send({{"action", "upload"}, {"args", {{"say", "hello"}}}}, milliseconds(1000));
  SessionAnswer first_answer = session.wait(one, milliseconds(5000));
  ASSERT_EQ(first_answer.kind, SessionAnswer::Kind::kAnswered);
  EXPECT_EQ(first_answer.line,
            "{\"id\": " + std::to_string(one) + ", \"exit_code\": 3, \"message\": \"not logged in\"}\n");
  SessionOutput first = session.take_output();
  // The log, without the answer line: that one goes to its own step.
  EXPECT_EQ(first.stdout_text, "working on upload\n");
  EXPECT_TRUE(first.leaks.empty());
  // Its stderr may still be in the pipe when the answer is read (two pipes, read in turns): it then
  // comes with the next take, which the runner gives to the same step (the last one answered).

  auto two = session.send({{"action", "delete"}, {"args", {{"say", secret}}}}, milliseconds(1000));
  SessionAnswer answer = session.wait(two, milliseconds(5000));
  ASSERT_EQ(answer.kind, SessionAnswer::Kind::kAnswered);
  EXPECT_EQ(answer.answer["message"], "not logged in");
  SessionOutput second = session.take_output();
  EXPECT_THAT(second.stdout_text, Not(HasSubstr("upload")));  // the first step's output stays with it
  // Its stderr may come after its answer (two pipes): stop() still collects it for the last step.
  session.stop(milliseconds(5000));
  SessionOutput rest = session.take_output();
  std::size_t leaks = second.leaks.size() + rest.leaks.size();
  EXPECT_EQ(leaks, 1u);
  EXPECT_THAT(second.stderr_text + rest.stderr_text, HasSubstr("log: " + secret));
  // Never lost; which take gets it depends on when the reader's turn comes (two pipes), so under load
  // it may come as late as the last one.
  EXPECT_THAT(first.stderr_text + second.stderr_text + rest.stderr_text, HasSubstr("log: hello\n"));
}

TEST(IntegrationSession, ASecretPrintedBeforeTheAnswerIsInThatStepsOutput) {
  const std::string secret = "fake-secret-0123456789abcdefXYZ";
  IntegrationSession session(python_session("    print('configured with', c['args']['say'], flush=True)\n"
                                            "    answer(c, exit_code=0)\n"),
                             {secret});
  auto id = session.send({{"action", "login"}, {"args", {{"say", secret}}}}, milliseconds(1000));
  ASSERT_EQ(session.wait(id, milliseconds(5000)).kind, SessionAnswer::Kind::kAnswered);
  SessionOutput output = session.take_output();
  ASSERT_EQ(output.leaks.size(), 1u);
  EXPECT_EQ(output.leaks[0].stream, "stdout");
  session.stop(milliseconds(5000));
}

TEST(IntegrationSession, ALogLineWithAnIdIsNoAnswer) {
  // Ids never sent, or already answered, are log lines: only the real answer counts.
  IntegrationSession session(python_session("    print(json.dumps(dict(id=c['id'] + 7, exit_code=0)), flush=True)\n"
                                            "    print(json.dumps(dict(id=0)), flush=True)\n"
                                            "    print('{\"id\": ' + str(c['id']) + ', broken', flush=True)\n"
                                            "    answer(c, exit_code=0, output=dict(real=True))\n"),
                             {});
  auto id = session.send({{"action", "upload"}}, milliseconds(1000));
  SessionAnswer answer = session.wait(id, milliseconds(5000));
  ASSERT_EQ(answer.kind, SessionAnswer::Kind::kAnswered);
  EXPECT_EQ(answer.answer["output"]["real"], true);
  session.stop(milliseconds(5000));
}

TEST(IntegrationSession, ASessionThatDiesBeforeAnsweringSaysHow) {
  IntegrationSession session(python_session("    sys.stderr.write('boom\\n'); sys.exit(4)\n"), {});
  auto id = session.send({{"action", "upload"}}, milliseconds(1000));
  SessionAnswer answer = session.wait(id, milliseconds(5000));
  ASSERT_EQ(answer.kind, SessionAnswer::Kind::kEnded);
  EXPECT_EQ(answer.ended, "exited with 4; stderr: boom\n");
  // A later command is not waited for.
  auto later = session.send({{"action", "upload"}}, milliseconds(1000));
  EXPECT_EQ(session.wait(later, milliseconds(100000)).kind, SessionAnswer::Kind::kEnded);
}

TEST(IntegrationSession, ASilentSessionTimesOutAndStopKillsItsGroup) {
  // It ignores both its commands and the end of its stdin, and leaves a child behind.
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "sleep 600 & trap '' TERM; while true; do sleep 1; done"};
  spec.kill_grace = milliseconds(300);
  IntegrationSession session(std::move(spec), {});
  auto id = session.send({{"action", "upload"}}, milliseconds(1000));
  EXPECT_EQ(session.wait(id, milliseconds(200)).kind, SessionAnswer::Kind::kTimedOut);
  EXPECT_FALSE(session.ended());
  ProcessResult end = session.stop(milliseconds(200));
  EXPECT_EQ(end.term_signal, SIGKILL);
  EXPECT_TRUE(session.ended());
}

TEST(IntegrationSession, ASessionThatCannotStartSaysWhy) {
  ProcessSpec spec;
  spec.argv = {"/nonexistent/cldcert-session"};
  IntegrationSession session(std::move(spec), {});
  auto id = session.send({{"action", "login"}}, milliseconds(1000));
  SessionAnswer answer = session.wait(id, milliseconds(5000));
  ASSERT_EQ(answer.kind, SessionAnswer::Kind::kEnded);
  EXPECT_THAT(answer.ended, HasSubstr("could not start: "));
  EXPECT_THAT(answer.ended, HasSubstr("/nonexistent/cldcert-session"));
}

}  // namespace
}  // namespace cldcert
