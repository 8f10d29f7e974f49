#include "harness/command_line.h"

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/exit_codes.h"

namespace cldcert {
namespace {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

// What cldcert does with these arguments, its stdout and stderr captured.
Outcome cldcert(std::vector<std::string> args) {
  args.insert(args.begin(), "cldcert");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  int code = run_command_line(static_cast<int>(argv.size()), argv.data());
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  return {code, out.str(), err.str()};
}

TEST(CommandLine, AMistypedCommandIsNamedWithWhatWasMeant) {
  Outcome o = cldcert({"rn", "--integration", "x"});
  EXPECT_EQ(o.code, kExitBadInput);
  EXPECT_NE(o.err.find("unknown command 'rn'; did you mean 'run'?"), std::string::npos) << o.err;
  o = cldcert({"frobnicate"});
  EXPECT_EQ(o.code, kExitBadInput);
  EXPECT_NE(o.err.find("unknown command 'frobnicate'\n"), std::string::npos) << o.err;
}

TEST(CommandLine, AMistypedOptionIsNamedWithWhatWasMeant) {
  Outcome o = cldcert({"run", "--integration", "x", "--skip-lage"});
  EXPECT_EQ(o.code, kExitBadInput);
  EXPECT_NE(o.err.find("cldcert run: unknown option or argument '--skip-lage'; did you mean '--skip-large'?"),
            std::string::npos)
      << o.err;
}

TEST(CommandLine, NoScenarioAtATimeIsRefused) {
  for (const char* jobs : {"0", "-1"}) {
    Outcome o = cldcert({"run", "--integration", "x", "--jobs", jobs});
    EXPECT_EQ(o.code, kExitBadInput) << jobs;
    EXPECT_NE(o.err.find("--jobs"), std::string::npos) << o.err;
  }
}

TEST(CommandLine, HelpListsTheExitCodes) {
  Outcome o = cldcert({"--help"});
  EXPECT_EQ(o.code, kExitOk);
  EXPECT_NE(o.out.find("Exit codes: 0 passed"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("130 interrupted"), std::string::npos) << o.out;
}

}  // namespace
}  // namespace cldcert
