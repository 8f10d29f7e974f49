// `cldcert live-cleanup ACCOUNTS.json`: deletes, in each cloud of a live accounts file, what earlier live
// runs left there (an interrupted clean-up, a run killed outright): the assets tagged cldcert-<run id> and
// what the runs' ledgers list. `--dry-run` lists them only.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace cldcert {

struct LiveCleanupOptions {
  std::string accounts;  // the accounts file; "" = $CLDCERT_LIVE_ACCOUNTS
  bool dry_run = false;
  std::string live_upstream;  // test-only, as `cldcert run`'s
  std::string live_ca;        // test-only
};

void add_live_cleanup_command(CLI::App& app, LiveCleanupOptions& options);
int run_live_cleanup(const LiveCleanupOptions& options);

}  // namespace cldcert
