#include "mocks/proc_stat.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cldcert::mock {
namespace {

TEST(ProcStat, ReadsItsOwnProcess) {
  auto st = read_proc_stat(::getpid());
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->pid, ::getpid());
  EXPECT_EQ(st->ppid, ::getppid());
  EXPECT_NE(st->state, 'Z');
  EXPECT_GT(st->start_time, 0u);
}

TEST(ProcStat, AZombieIsSeenAsEndedAndAReapedProcessAsNone) {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  // Until it is reaped it stays a zombie; poll, since the exit is not instant.
  std::optional<ProcStat> st;
  for (int i = 0; i < 2000 && (st = read_proc_stat(child)) && st->state != 'Z'; ++i) ::usleep(1000);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->state, 'Z');
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_FALSE(read_proc_stat(child).has_value());
  EXPECT_FALSE(read_proc_file(child, "environ").has_value());
}

TEST(ProcStat, ReadProcFileReturnsTheWholeFile) {
  // cmdline is NUL-separated, each argument ending in NUL; argv[0] comes first.
  auto cmdline = read_proc_file(::getpid(), "cmdline");
  ASSERT_TRUE(cmdline.has_value());
  ASSERT_FALSE(cmdline->empty());
  EXPECT_EQ(cmdline->back(), '\0');
  EXPECT_NE(cmdline->find("cldcert_unit_tests"), std::string::npos) << *cmdline;
  EXPECT_FALSE(read_proc_file(::getpid(), "no-such-entry").has_value());
}

}  // namespace
}  // namespace cldcert::mock
