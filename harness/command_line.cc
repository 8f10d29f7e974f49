#include "harness/command_line.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "harness/version.h"

namespace cldcert {

int run_command_line(int argc, char** argv) {
  CLI::App app{"cldcert — conformance harness for Cloudinary partner integrations"};
  app.set_version_flag("--version", std::string("cldcert ") + kVersion);
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  return kExitOk;
}

}  // namespace cldcert
