// The cldcert command line: subcommands, flags, exit codes (see DESIGN.md).
#pragma once

namespace cldcert {

// Exit codes shared by every subcommand.
enum ExitCode : int { kExitOk = 0, kExitFailed = 1, kExitBadInput = 2, kExitInternal = 3 };

int run_command_line(int argc, char** argv);

}  // namespace cldcert
