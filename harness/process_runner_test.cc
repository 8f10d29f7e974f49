#include "harness/process_runner.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <spawn.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <future>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "mocks/proc_stat.h"

namespace cldcert {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace fs = std::filesystem;

ProcessResult run(std::vector<std::string> argv, std::chrono::milliseconds timeout = 10s) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.timeout = timeout;
  return run_process(spec);
}

ProcessResult sh(const std::string& script, std::chrono::milliseconds timeout = 10s) {
  return run({"/bin/sh", "-c", script}, timeout);
}

fs::path temp_dir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("cldcert_process_runner_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_file(const fs::path& path, const std::string& content, fs::perms perms) {
  std::ofstream(path, std::ios::binary) << content;
  fs::permissions(path, perms);
}

// Gone, or a zombie waiting for whoever inherited it: either way no longer running.
bool process_gone(pid_t pid) {
  if (::kill(pid, 0) != 0) return errno == ESRCH;
  // Read without an ifstream: one that loses its process between open and read throws.
  std::optional<mock::ProcStat> stat = mock::read_proc_stat(pid);
  return !stat || stat->state == 'Z';
}

bool becomes_gone(pid_t pid, std::chrono::milliseconds within) {
  auto until = std::chrono::steady_clock::now() + within;
  while (!process_gone(pid)) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

TEST(ProcessRunner, ArgvArrivesVerbatimWithoutAShell) {
  std::vector<std::string> args = {
      "two words", "; rm -rf /", "$(touch /tmp/cldcert_pwned)", "`id`", "'\"", "a\nb", "*", "$HOME", "", "\\n"};
  std::vector<std::string> argv = {"printf", "<%s>\\n"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = run(argv);
  ASSERT_FALSE(r.spawn_failed) << r.spawn_error;
  EXPECT_EQ(r.exit_code, 0);
  std::string expected;
  for (const auto& a : args) expected += "<" + a + ">\n";
  EXPECT_EQ(r.stdout_text, expected);
  EXPECT_EQ(r.stderr_text, "");
  EXPECT_FALSE(r.timed_out);
}

TEST(ProcessRunner, EnvironmentIsCleanPlusSpecEnv) {
  ASSERT_EQ(::setenv("CLDCERT_TEST_MUST_NOT_LEAK", "secret", 1), 0);
  const char* home = std::getenv("HOME");
  std::optional<std::string> saved_home = home ? std::optional<std::string>(home) : std::nullopt;
  ASSERT_EQ(::setenv("HOME", "/home/from-parent", 1), 0);
  ProcessSpec spec;
  spec.argv = {"env"};
  spec.env = {{"CLOUDINARY_URL", "cloudinary://k:s@demo"}, {"CLDCERT_ARG_FILE", "a b;c"}, {"LANG", "C.UTF-8"}};
  auto r = run_process(spec);
  ::unsetenv("CLDCERT_TEST_MUST_NOT_LEAK");
  if (saved_home) {
    ::setenv("HOME", saved_home->c_str(), 1);
  } else {
    ::unsetenv("HOME");
  }
  ASSERT_FALSE(r.spawn_failed) << r.spawn_error;
  EXPECT_EQ(r.exit_code, 0);
  std::set<std::string> names;
  std::istringstream lines(r.stdout_text);
  for (std::string line; std::getline(lines, line);) names.insert(line.substr(0, line.find('=')));
  for (const auto& name : names) {
    EXPECT_TRUE(name == "PATH" || name == "HOME" || name == "LANG" || name == "TMPDIR" || name == "CLOUDINARY_URL" ||
                name == "CLDCERT_ARG_FILE")
        << "unexpected variable " << name;
  }
  EXPECT_THAT(r.stdout_text, Not(HasSubstr("CLDCERT_TEST_MUST_NOT_LEAK")));
  EXPECT_THAT(r.stdout_text, HasSubstr("CLOUDINARY_URL=cloudinary://k:s@demo\n"));
  EXPECT_THAT(r.stdout_text, HasSubstr("CLDCERT_ARG_FILE=a b;c\n"));
  EXPECT_THAT(r.stdout_text, HasSubstr("HOME=/home/from-parent\n"));
  EXPECT_THAT(r.stdout_text, HasSubstr("LANG=C.UTF-8\n"));  // spec env wins over the base
  EXPECT_THAT(r.stdout_text, HasSubstr("PATH="));
}

TEST(ProcessRunner, InvalidEnvNameIsASpawnFailure) {
  ProcessSpec spec;
  spec.argv = {"true"};
  spec.env = {{"A=B", "x"}};
  auto r = run_process(spec);
  EXPECT_TRUE(r.spawn_failed);
  EXPECT_THAT(r.spawn_error, HasSubstr("A=B"));
}

TEST(ProcessRunner, RunsInCwdAndResolvesRelativeExecutableThere) {
  auto dir = temp_dir("cwd");
  write_file(dir / "tool.sh", "#!/bin/sh\npwd\n", fs::perms::owner_all);
  ProcessSpec spec;
  spec.argv = {"./tool.sh"};
  spec.cwd = dir;
  auto r = run_process(spec);
  ASSERT_FALSE(r.spawn_failed) << r.spawn_error;
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.stdout_text, fs::canonical(dir).string() + "\n");
  fs::remove_all(dir);
}

TEST(ProcessRunner, MissingCwdIsASpawnFailure) {
  ProcessSpec spec;
  spec.argv = {"true"};
  spec.cwd = "/nonexistent/cldcert/dir";
  auto r = run_process(spec);
  EXPECT_TRUE(r.spawn_failed);
  EXPECT_THAT(r.spawn_error, HasSubstr("/nonexistent/cldcert/dir"));
}

TEST(ProcessRunner, ExitCodesAndSignals) {
  auto ok = run({"true"});
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_EQ(ok.term_signal, 0);

  auto seven = sh("echo out; echo err >&2; exit 7");
  EXPECT_EQ(seven.exit_code, 7);
  EXPECT_EQ(seven.stdout_text, "out\n");
  EXPECT_EQ(seven.stderr_text, "err\n");

  auto killed = sh("kill -KILL $$");
  EXPECT_EQ(killed.exit_code, -1);
  EXPECT_EQ(killed.term_signal, SIGKILL);
  EXPECT_FALSE(killed.timed_out);

  auto segv = sh("kill -SEGV $$");
  EXPECT_EQ(segv.term_signal, SIGSEGV);
}

TEST(ProcessRunner, StdinIsDevNull) {
  auto r = run({"cat"}, 3s);  // would block on an inherited terminal or pipe
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.stdout_text, "");
}

TEST(ProcessRunner, LargeStdoutAndStderrDoNotDeadlock) {
  // stderr first: a reader that drained stdout to EOF before touching stderr would hang here.
  auto r = sh("head -c 2097152 /dev/zero | tr '\\0' e >&2; head -c 2097152 /dev/zero | tr '\\0' o", 10s);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.stdout_text, std::string(2097152, 'o'));
  EXPECT_EQ(r.stderr_text, std::string(2097152, 'e'));
  EXPECT_FALSE(r.stdout_truncated);
  EXPECT_FALSE(r.stderr_truncated);
}

TEST(ProcessRunner, TruncationKeepsTheTail) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", "seq 1 200000; echo short >&2"};
  spec.max_output_bytes = 1000;
  auto r = run_process(spec);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.stdout_truncated);
  EXPECT_EQ(r.stdout_text.size(), 1000u);
  EXPECT_THAT(r.stdout_text, ::testing::EndsWith("199999\n200000\n"));
  EXPECT_FALSE(r.stderr_truncated);
  EXPECT_EQ(r.stderr_text, "short\n");
}

TEST(ProcessRunner, TruncationDoesNotStartInsideAUtf8Sequence) {
  ProcessSpec spec;
  spec.argv = {"printf", "\xC3\xA9\xC3\xA9\xC3\xA9"};  // "ééé": 6 bytes
  spec.max_output_bytes = 5;
  auto r = run_process(spec);
  EXPECT_TRUE(r.stdout_truncated);
  EXPECT_EQ(r.stdout_text, "\xC3\xA9\xC3\xA9");
}

// The children sleep 100 s; ending well before that is the behaviour. Not a speed bound: a loaded
// CI machine may take seconds to deliver the signals.
constexpr auto kFarBelowTheSleep = 30s;

TEST(ProcessRunner, TimeoutKillsTheWholeGroupIncludingGrandchild) {
  auto r = sh("sleep 100 & echo $!; sleep 100", 300ms);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.term_signal, SIGTERM);
  EXPECT_LT(r.duration, kFarBelowTheSleep);
  pid_t grandchild = std::atoi(r.stdout_text.c_str());
  ASSERT_GT(grandchild, 0) << "output so far is kept: " << r.stdout_text;
  EXPECT_TRUE(becomes_gone(grandchild, 1s)) << "grandchild " << grandchild << " survived the timeout";
}

TEST(ProcessRunner, TermIgnoredEscalatesToKillAfterGrace) {
  ProcessSpec spec;
  // The ignored SIGTERM is inherited by sleep, so only SIGKILL ends either.
  spec.argv = {"/bin/sh", "-c", "trap '' TERM; echo started; sleep 100"};
  spec.timeout = 200ms;
  spec.kill_grace = 300ms;
  auto r = run_process(spec);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.term_signal, SIGKILL);
  EXPECT_EQ(r.stdout_text, "started\n");
  EXPECT_GE(r.duration, 450ms);
  EXPECT_LT(r.duration, kFarBelowTheSleep);
}

TEST(ProcessRunner, BackgroundJobLeftBehindIsKilledWhenTheLeaderExits) {
  // The job keeps our stdout open; without the group kill we would wait for it.
  auto r = sh("sleep 100 & echo $!", 5s);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_LT(r.duration, kFarBelowTheSleep);
  pid_t job = std::atoi(r.stdout_text.c_str());
  ASSERT_GT(job, 0);
  EXPECT_TRUE(becomes_gone(job, 1s));
}

// Neither running nor a zombie: whoever ended it also reaped it.
bool reaped(pid_t pid) { return !fs::exists("/proc/" + std::to_string(pid)); }

pid_t read_pid(const fs::path& file) {
  std::ifstream in(file);
  pid_t pid = 0;
  in >> pid;
  return pid;
}

// Runs `script` with $1 = a file where it writes the daemon's pid; returns that pid.
pid_t run_daemonising_step(const std::string& name, const std::string& script) {
  fs::path pid_file = temp_dir(name) / "daemon.pid";
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script, "sh", pid_file.string()};
  spec.timeout = 10s;
  ProcessResult r = run_process(spec);
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_FALSE(r.timed_out);
  pid_t daemon = read_pid(pid_file);
  fs::remove_all(pid_file.parent_path());
  return daemon;
}

void expect_daemon_stopped_with_its_step(const std::string& name, const std::string& script) {
  pid_t daemon = run_daemonising_step(name, script);
  ASSERT_GT(daemon, 0);
  EXPECT_TRUE(reaped(daemon)) << "the daemon " << daemon << " outlived its step";
  if (!reaped(daemon)) ::kill(daemon, SIGKILL);
}

// The leader waits until the daemon has written its pid, then exits at once: a dev server that
// forks into the background.
constexpr const char* kWaitForPid = "while [ ! -s \"$1\" ]; do sleep 0.01; done";

TEST(ProcessRunner, ADaemonThatLeftTheGroupIsStoppedAndReapedWithItsStep) {
  expect_daemon_stopped_with_its_step(
      "setsid", std::string("setsid sh -c 'echo $$ > \"$0\"; exec sleep 300' \"$1\" </dev/null >/dev/null 2>&1 & ") +
                    kWaitForPid);
}

TEST(ProcessRunner, ADoubleForkedDaemonOrphanedAtOnceIsStoppedAndReaped) {
  // The subshell exits right away: the daemon is an orphan before any scan can see its parent.
  expect_daemon_stopped_with_its_step(
      "double_fork",
      std::string("(setsid sh -c 'echo $$ > \"$0\"; exec sleep 300' \"$1\" </dev/null >/dev/null 2>&1 &); ") +
          kWaitForPid);
}

TEST(ProcessRunner, ADaemonWithAnEmptiedEnvironmentIsFoundByItsParentLinks) {
  // No step marker to recognise it by; its parent, the leader, lives long enough to be scanned.
  expect_daemon_stopped_with_its_step(
      "env_cleared", "env -i setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $! > \"$1\"; sleep 0.5");
}

TEST(ProcessRunner, StoppingAStepsDaemonsLeavesConcurrentProcessesAlone) {
  // Another step running in parallel, and a process of cldcert's own, neither from the step.
  std::promise<ProcessResult> other;
  std::thread other_step([&] { other.set_value(sh("sleep 1.5; echo done")); });
  pid_t own = 0;
  char sleep_arg[] = "sleep", seconds[] = "300";
  char* argv[] = {sleep_arg, seconds, nullptr};
  ASSERT_EQ(::posix_spawnp(&own, "sleep", nullptr, nullptr, argv, environ), 0);
  pid_t daemon = run_daemonising_step(
      "concurrent",
      std::string("(setsid sh -c 'echo $$ > \"$0\"; exec sleep 300' \"$1\" </dev/null >/dev/null 2>&1 &); ") +
          kWaitForPid);
  EXPECT_TRUE(reaped(daemon));
  if (!reaped(daemon)) ::kill(daemon, SIGKILL);
  EXPECT_FALSE(process_gone(own)) << "cldcert's own process was killed";
  ProcessResult r = other.get_future().get();
  other_step.join();
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.term_signal, 0);
  EXPECT_EQ(r.stdout_text, "done\n");
  ::kill(own, SIGKILL);
  ::waitpid(own, nullptr, 0);
}

TEST(ProcessRunner, TheStepMarkerNeverReachesTheOutput) {
  auto r = sh("env; cat /proc/self/environ | tr '\\0' '\\n' >&2");
  EXPECT_THAT(r.stdout_text + r.stderr_text, Not(HasSubstr("CLDCERT_STEP_MARKER")));
}

TEST(ProcessRunner, ChildStartsWithCleanSignalState) {
#ifdef __linux__
  // Like cldcert's own sigwait thread: SIGTERM blocked, and SIGPIPE ignored process-wide.
  auto previous_pipe = ::signal(SIGPIPE, SIG_IGN);
  std::string status;
  std::thread([&] {
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    pthread_sigmask(SIG_BLOCK, &block, nullptr);
    status = run({"cat", "/proc/self/status"}).stdout_text;
  }).join();
  ::signal(SIGPIPE, previous_pipe);
  auto mask = [&](const std::string& field) {
    auto at = status.find(field + ":\t");
    return at == std::string::npos ? ~0ull : std::stoull(status.substr(at + field.size() + 2, 16), nullptr, 16);
  };
  EXPECT_EQ(mask("SigBlk"), 0u);
  // Classic signals 1..31 only: glibc's posix_spawn itself leaves its two internal real-time
  // signals (32, 33) ignored in the child.
  EXPECT_EQ(mask("SigIgn") & 0x7fffffffull, 0u) << status;
#else
  GTEST_SKIP() << "reads /proc/self/status";
#endif
}

TEST(ProcessRunner, OwnDescriptorsDoNotLeakIntoTheChild) {
#if defined(__linux__) && defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  int fd = ::open("/dev/null", O_RDONLY);  // deliberately without O_CLOEXEC
  ASSERT_GE(fd, 0);
  int high = ::fcntl(fd, F_DUPFD, 57);
  ASSERT_GE(high, 57);
  auto r = sh("if [ -e /proc/$$/fd/" + std::to_string(high) + " ]; then echo leaked; else echo clean; fi");
  ::close(fd);
  ::close(high);
  EXPECT_EQ(r.stdout_text, "clean\n");
#else
  GTEST_SKIP() << "needs posix_spawn_file_actions_addclosefrom_np and /proc";
#endif
}

TEST(ProcessRunner, LastJsonFromTheLastNonEmptyLine) {
  auto r = sh(R"(echo progress; echo '{"public_id": "shop/shoe", "bytes": 12}'; printf '\n  \n')");
  ASSERT_TRUE(r.last_json.has_value());
  EXPECT_EQ((*r.last_json)["public_id"], "shop/shoe");
  EXPECT_EQ((*r.last_json)["bytes"], 12);

  EXPECT_FALSE(sh(R"(echo '{"a": 1}'; echo done)").last_json.has_value());
  EXPECT_FALSE(sh("true").last_json.has_value());
}

TEST(ProcessRunner, LastLineJsonCases) {
  EXPECT_EQ(last_line_json("{\"a\":1}").value(), nlohmann::json({{"a", 1}}));
  EXPECT_EQ(last_line_json("x\n{\"a\":1}\r\n\n \t\n").value(), nlohmann::json({{"a", 1}}));
  EXPECT_EQ(last_line_json("  {\"a\": {\"b\": [1]}}  ").value()["a"]["b"][0], 1);
  EXPECT_EQ(last_line_json("{}\n").value(), nlohmann::json::object());
  EXPECT_FALSE(last_line_json("").has_value());
  EXPECT_FALSE(last_line_json("\n \n").has_value());
  EXPECT_FALSE(last_line_json("[1, 2]\n").has_value());
  EXPECT_FALSE(last_line_json("\"text\"\n").has_value());
  EXPECT_FALSE(last_line_json("42\n").has_value());
  EXPECT_FALSE(last_line_json("{\"a\":\n1}\n").has_value());  // spans two lines
  EXPECT_FALSE(last_line_json("{\"a\":1} trailing\n").has_value());
  EXPECT_FALSE(last_line_json("{\"a\":1}\ndone\n").has_value());
  EXPECT_FALSE(last_line_json("{not json}").has_value());
}

TEST(ProcessRunner, NoLastJsonFromTheTailOfACutLine) {
  // The whole line is not JSON, but its last 9 bytes are; with the head cut they must not count.
  ProcessSpec spec;
  spec.argv = {"printf", "%s\\n", "{\"a\":1} {\"b\":22}"};
  spec.max_output_bytes = 9;
  auto r = run_process(spec);
  EXPECT_TRUE(r.stdout_truncated);
  EXPECT_EQ(r.stdout_text, "{\"b\":22}\n");
  EXPECT_FALSE(r.last_json.has_value());
}

TEST(ProcessRunner, SpawnFailuresAreReportedNotThrown) {
  auto missing = run({"nodee-cldcert-no-such-tool"});
  EXPECT_TRUE(missing.spawn_failed);
  EXPECT_THAT(missing.spawn_error, StartsWith("no such file: nodee-cldcert-no-such-tool"));
  EXPECT_EQ(missing.exit_code, -1);

  auto missing_path = run({"/nonexistent/cldcert/tool"});
  EXPECT_TRUE(missing_path.spawn_failed);
  EXPECT_EQ(missing_path.spawn_error, "no such file: /nonexistent/cldcert/tool");

  auto empty = run({});
  EXPECT_TRUE(empty.spawn_failed);
  EXPECT_THAT(empty.spawn_error, HasSubstr("empty argv"));

  auto dir = temp_dir("spawn");
  write_file(dir / "not_executable", "#!/bin/sh\n", fs::perms::owner_read | fs::perms::owner_write);
  write_file(dir / "bad_interpreter", "#!/nonexistent/interp\n", fs::perms::owner_all);
  auto denied = run({(dir / "not_executable").string()});
  EXPECT_TRUE(denied.spawn_failed);
  EXPECT_THAT(denied.spawn_error, StartsWith("permission denied: "));
  auto interpreter = run({(dir / "bad_interpreter").string()});
  EXPECT_TRUE(interpreter.spawn_failed);
  EXPECT_THAT(interpreter.spawn_error, HasSubstr("interpreter"));
  fs::remove_all(dir);
}

TEST(ProcessRunner, PathFromSpecEnvIsSearched) {
  auto dir = temp_dir("path");
  write_file(dir / "cldcert-fake-tool", "#!/bin/sh\necho fake \"$@\"\n", fs::perms::owner_all);
  ProcessSpec spec;
  spec.argv = {"cldcert-fake-tool", "x"};
  spec.env = {{"PATH", dir.string() + ":/usr/bin:/bin"}};
  auto r = run_process(spec);
  ASSERT_FALSE(r.spawn_failed) << r.spawn_error;
  EXPECT_EQ(r.stdout_text, "fake x\n");
  fs::remove_all(dir);
}

TEST(ProcessRunner, KillAllEndsARunningChildFromAnotherThread) {
  auto pending = std::async(std::launch::async, [] { return run({"sleep", "100"}, 60s); });
  // Repeat until it lands: the child may not have been spawned yet on the first call.
  while (pending.wait_for(50ms) != std::future_status::ready) kill_all_running_processes();
  auto r = pending.get();
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.term_signal, SIGTERM);
  EXPECT_LT(r.duration, kFarBelowTheSleep);
}

TEST(ProcessRunner, KillAllEscalatesForAChildIgnoringTerm) {
  auto pending = std::async(std::launch::async, [] {
    ProcessSpec spec;
    spec.argv = {"/bin/sh", "-c", "trap '' TERM; sleep 100"};
    spec.kill_grace = 200ms;
    return run_process(spec);
  });
  while (pending.wait_for(50ms) != std::future_status::ready) kill_all_running_processes();
  auto r = pending.get();
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.term_signal, SIGKILL);
  EXPECT_LT(r.duration, kFarBelowTheSleep);
}

// The sandbox runs every step through nsenter: the command still resolves as without a launcher.
TEST(ProcessRunner, LauncherRunsTheResolvedCommand) {
  ProcessSpec spec;
  spec.launcher = {"/usr/bin/env", "LAUNCHED=yes"};
  spec.argv = {"printenv", "LAUNCHED"};
  auto r = run_process(spec);
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(r.stdout_text, "yes\n");

  // A relative command is made absolute: the launcher may change folder before it runs it.
  spec.launcher = {"/bin/sh", "-c", "cd / && exec \"$0\" \"$@\""};
  spec.argv = {"./true", "ignored"};
  spec.cwd = "/bin";
  r = run_process(spec);
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_FALSE(r.spawn_failed);
}

TEST(ProcessRunner, LauncherDoesNotHideAMissingCommand) {
  ProcessSpec spec;
  spec.launcher = {"/usr/bin/env"};
  spec.argv = {"nodee-cldcert-no-such-tool"};
  auto r = run_process(spec);
  EXPECT_TRUE(r.spawn_failed);
  EXPECT_EQ(r.spawn_error, "no such file: nodee-cldcert-no-such-tool (not in PATH)");
  spec.argv = {"./nodee-cldcert-no-such-tool"};
  r = run_process(spec);
  EXPECT_TRUE(r.spawn_failed);
  EXPECT_EQ(r.spawn_error, "no such file: ./nodee-cldcert-no-such-tool");
}

TEST(ProcessRunner, NoZombiesLeft) {
  // In a fresh process of its own ("threadsafe" re-runs the binary for this test alone): in the
  // whole binary another test's child may legitimately still be running and answer waitpid(-1).
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        sh("true");
        sh("sleep 100 & sleep 100", 100ms);
        run({"nodee-cldcert-no-such-tool"});
        errno = 0;
        bool none_left = ::waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD;
        std::_Exit(none_left ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace cldcert
