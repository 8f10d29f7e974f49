#include "harness/command_line.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "harness/build_commit.h"
#include "harness/closest_name.h"
#include "harness/exit_codes.h"
#include "harness/list_command.h"
#include "harness/fidelity_command.h"
#include "harness/live_cleanup_command.h"
#include "harness/merge_command.h"
#include "harness/report_command.h"
#include "harness/run_command.h"
#include "harness/scan/scan_command.h"
#include "harness/serve_command.h"
#include "harness/terminal_text.h"
#include "harness/verify_command.h"
#include "harness/version.h"

namespace cldcert {

namespace {

// CLI11 answers a mistyped command with "A subcommand is required" or "arguments were not expected":
// name what was typed and, when it is a likely typo, what was meant.
std::string did_you_mean(const std::string& typed, const std::vector<std::string>& known) {
  auto closest = closest_name(typed, known);
  return closest ? "; did you mean '" + *closest + "'?" : "";
}

int unknown_command(const CLI::App& app, const std::string& typed) {
  std::vector<std::string> names;
  for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  std::cerr << "cldcert: unknown command '" << terminal_text(typed) << "'" << did_you_mean(typed, names)
            << "\nRun `cldcert --help` for the commands.\n";
  return kExitBadInput;
}

int unknown_options(const CLI::App& app) {
  const CLI::App* sub = nullptr;
  for (const auto* s : app.get_subcommands()) sub = s;
  const CLI::App& where = sub ? *sub : app;
  std::vector<std::string> known;
  for (const auto* option : where.get_options()) {
    for (const auto& name : option->get_lnames()) known.push_back("--" + name);
  }
  const std::string command = sub ? "cldcert " + sub->get_name() : std::string("cldcert");
  for (const auto& extra : where.remaining()) {
    std::cerr << command << ": unknown option or argument '" << terminal_text(extra) << "'"
              << (extra.starts_with("--") ? did_you_mean(extra.substr(0, extra.find('=')), known) : "") << "\n";
  }
  std::cerr << "Run `" << command << " --help` for its options.\n";
  return kExitBadInput;
}

}  // namespace

int run_command_line(int argc, char** argv) {
  CLI::App app{"cldcert — conformance harness for Cloudinary partner integrations"};
  app.set_version_flag("--version", std::string("cldcert ") + kVersion + " (commit " + kBuildCommit + ")");
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 passed (or done), 1 a required check failed or errored, 2 bad input (named with its file\n"
      "and field), 3 cldcert itself failed, 130 interrupted (Ctrl-C; the previous bundle is kept).\n"
      "Each command has its own --help. Documentation: README.md and docs/ in the cldcert source tree.\n");
  ServeOptions serve;
  add_serve_command(app, serve);
  RunOptions run;
  run.command_line.assign(argv, argv + argc);
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
  LiveCleanupOptions live_cleanup;
  add_live_cleanup_command(app, live_cleanup);
  FidelityOptions fidelity;
  add_fidelity_command(app, fidelity);
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    for (const auto* sub : app.get_subcommands({})) known = known || sub->check_name(argv[1]);
    if (!known) return unknown_command(app, argv[1]);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ExtrasError&) {
    return unknown_options(app);  // what was typed, with the closest option
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
  if (app.got_subcommand("live-cleanup")) return run_live_cleanup(live_cleanup);
  if (app.got_subcommand("fidelity")) return run_fidelity(fidelity);
  return kExitOk;
}

}  // namespace cldcert
