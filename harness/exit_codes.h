// The exit codes every cldcert subcommand returns (DESIGN.md, "Exit codes"); one place so a
// subcommand needs no part of the command-line parser to say how it ended.
#pragma once

namespace cldcert {

// 1: the integration failed a check; 2: the user's input is at fault; 3: cldcert itself failed.
enum ExitCode : int { kExitOk = 0, kExitFailed = 1, kExitBadInput = 2, kExitInternal = 3 };

}  // namespace cldcert
