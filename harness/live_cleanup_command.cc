#include "harness/live_cleanup_command.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

#include "harness/exit_codes.h"
#include "harness/live/ledger.h"
#include "harness/live/live_accounts.h"
#include "harness/live/live_sweep.h"
#include "harness/live/live_target.h"
#include "harness/live/preflight.h"
#include "harness/live/run_tag.h"
#include "harness/terminal_text.h"

namespace cldcert {

void add_live_cleanup_command(CLI::App& app, LiveCleanupOptions& o) {
  auto* cmd =
      app.add_subcommand("live-cleanup",
                         "Delete what earlier live runs left in live clouds (the assets they tagged, what their "
                         "ledgers list), and nothing else");
  cmd->add_option("ACCOUNTS", o.accounts,
                  "The live accounts file, as for `cldcert run --live` (default: $CLDCERT_LIVE_ACCOUNTS)");
  cmd->add_flag("--dry-run", o.dry_run, "List what would be deleted; delete nothing, keep the ledgers");
  cmd->add_option("--live-upstream", o.live_upstream,
                  "Test-only: send the requests to https://HOST:PORT (a `cldcert serve --tls-cert …`) instead of "
                  "Cloudinary's hosts");
  cmd->add_option("--live-ca", o.live_ca, "Test-only: the CA (PEM) --live-upstream's certificate must chain to")
      ->check(CLI::ExistingFile);
  cmd->footer(
      "The ledgers are in $CLDCERT_STATE_DIR, else $XDG_STATE_HOME/cldcert/live, else ~/.local/state/cldcert/live; a\n"
      "run still going (its ledger locked) is left alone. Exit codes: 0 everything found was deleted (or listed,\n"
      "with --dry-run), 1 something could not be deleted (named), 2 bad input or refused credentials.");
}

int run_live_cleanup(const LiveCleanupOptions& o) {
  const std::string variable(live::kLiveAccountsVariable);
  const std::string source = live::live_accounts_source(o.accounts, std::getenv(variable.c_str()));
  if (source.empty()) {
    std::cerr << "cldcert live-cleanup: which clouds? Give the live accounts file (ACCOUNTS.json) or set " << variable
              << "\n";
    return kExitBadInput;
  }
  live::LiveTarget target;
  const std::string named = o.accounts.empty() ? variable : "ACCOUNTS";
  if (auto problem = live::load_live_target(source, named, o.live_upstream, o.live_ca, target); !problem.empty()) {
    std::cerr << "cldcert live-cleanup: " << problem << "\n";
    return kExitBadInput;
  }
  live::UpstreamForwarder upstream(target.config);
  if (auto refused = live::refused_credentials(upstream, target.accounts); !refused.empty()) {
    for (const auto& line : refused) std::cerr << "cldcert live-cleanup: " << terminal_text(line) << "\n";
    std::cerr << "cldcert live-cleanup: nothing was deleted: every cloud of the live accounts file must be usable\n";
    return kExitBadInput;
  }
  live::SweepOptions options;
  options.dry_run = o.dry_run;
  options.ledger_folder = live::ledger_folder();
  options.progress = [](const std::string& line) {
    std::cerr << "cldcert live-cleanup: " << terminal_text(line) << std::endl;
  };
  std::cerr << "cldcert live-cleanup: ledgers in "
            << (options.ledger_folder.empty() ? std::string("(none: no HOME)")
                                              : terminal_text(options.ledger_folder.string()))
            << "; assets tagged " << live::kRunTagPrefix << "<run id>\n";
  const live::SweepResult result = live::sweep_live_clouds(upstream, target.accounts, options);

  std::size_t left = 0;
  for (const auto& run : result.runs_in_progress)
    std::cout << "run " << terminal_text(run) << " is still going (its ledger is locked): left alone\n";
  for (const auto& cloud : result.clouds) {
    const std::string who = "cloud " + terminal_text(cloud.cloud);
    if (cloud.deleted.empty() && cloud.left.empty()) {
      std::cout << who << ": nothing left by cldcert runs\n";
      continue;
    }
    if (!cloud.deleted.empty()) {
      std::cout << who << (o.dry_run ? ": would delete " : ": deleted ") << cloud.deleted.size() << "\n";
      for (const auto& line : cloud.deleted) std::cout << "  " << terminal_text(line) << "\n";
    }
    if (!cloud.left.empty()) {
      std::cout << who << ": could not delete " << cloud.left.size() << "\n";
      for (const auto& line : cloud.left) std::cout << "  " << terminal_text(line) << "\n";
    }
    left += cloud.left.size();
  }
  if (!result.other_clouds.empty()) {
    std::string names;
    for (const auto& c : result.other_clouds) names += (names.empty() ? "" : ", ") + c;
    std::cout << "the ledgers also list resources in clouds this accounts file does not hold (" << terminal_text(names)
              << "): kept for a live-cleanup with their accounts file\n";
  }
  for (const auto& problem : result.problems) std::cerr << "cldcert live-cleanup: " << terminal_text(problem) << "\n";
  if (left > 0 || !result.problems.empty()) {
    std::cout << "live-cleanup: " << left << " left behind"
              << (result.problems.empty() ? "" : ", ledger problems above") << "; the ledgers keep what was not "
              << "deleted for the next live-cleanup\n";
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace cldcert
