// The cldcert command line: parses argv into a subcommand and its flags (see DESIGN.md) and
// returns the subcommand's exit code (harness/exit_codes.h).
#pragma once

namespace cldcert {

int run_command_line(int argc, char** argv);

}  // namespace cldcert
