#include "harness/command_line.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "harness/exit_codes.h"
#include "harness/list_command.h"
#include "harness/merge_command.h"
#include "harness/report_command.h"
#include "harness/run_command.h"
#include "harness/scan/scan_command.h"
#include "harness/serve_command.h"
#include "harness/verify_command.h"
#include "harness/version.h"

namespace cldcert {

int run_command_line(int argc, char** argv) {
  CLI::App app{"cldcert — conformance harness for Cloudinary partner integrations"};
  app.set_version_flag("--version", std::string("cldcert ") + kVersion);
  app.require_subcommand(1);
  ServeOptions serve;
  add_serve_command(app, serve);
  RunOptions run;
  add_run_command(app, run);
  ListOptions list;
  add_list_command(app, list);
  ReportOptions report;
  add_report_command(app, report);
  ScanOptions scan;
  add_scan_command(app, scan);
  VerifyOptions verify;
  add_verify_command(app, verify);
  MergeOptions merge;
  add_merge_command(app, merge);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  if (app.got_subcommand("serve")) return run_serve(serve);
  if (app.got_subcommand("run")) return run_run(run);
  if (app.got_subcommand("list")) return run_list(list);
  if (app.got_subcommand("report")) return run_report_command(report);
  if (app.got_subcommand("scan")) return run_scan(scan);
  if (app.got_subcommand("verify")) return run_verify(verify);
  if (app.got_subcommand("merge")) return run_merge(merge);
  return kExitOk;
}

}  // namespace cldcert
