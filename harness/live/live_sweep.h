// `cldcert live-cleanup`'s work: in each cloud of an accounts file, what old live runs left behind, found
// by their tags (every asset tagged cldcert-<run id>) and by their ledgers (ledger.h), listed or deleted.
// Nothing else is touched: an asset no run tagged and no ledger lists stays, whoever owns it.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "harness/live/created_resources.h"
#include "harness/live/upstream_forwarder.h"
#include "mocks/accounts.h"

namespace cldcert::live {

struct SweepOptions {
  bool dry_run = false;                              // list what would be deleted, delete nothing, keep the ledgers
  std::filesystem::path ledger_folder;               // "" or missing: no ledgers, the tags alone
  std::function<void(const std::string&)> progress;  // a line per step of a long sweep
};

struct CloudSweep {
  std::string cloud;
  std::vector<std::string> deleted;  // describe() of each (with dry_run: what would be deleted)
  std::vector<std::string> left;     // describe() and why not
};

struct SweepResult {
  std::vector<CloudSweep> clouds;  // in the accounts file's order
  // Runs still going (their ledger is locked): neither their tag nor their ledger is touched.
  std::vector<std::string> runs_in_progress;
  // Ledger files or lines that could not be read or rewritten.
  std::vector<std::string> problems;
  // Clouds the ledgers list resources in that the accounts file does not hold: their lines stay.
  std::vector<std::string> other_clouds;
};

SweepResult sweep_live_clouds(const UpstreamForwarder& upstream, const mock::Accounts& accounts,
                              const SweepOptions& options);

}  // namespace cldcert::live
