// `cldcert run`: load the manifest and scenarios, run the applicable ones in parallel against
// embedded mock clouds, judge them, write the bundle and a one-screen summary.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cldcert {

struct RunOptions {
  std::string integration;    // manifest file or its folder
  std::string scenarios_dir;  // empty: the scenarios built into cldcert
  std::vector<std::string> only;
  std::string out = "cldcert-report";
  std::uint64_t seed = 1;
  int jobs = 0;                  // 0: one per core
  std::vector<std::string> env;  // KEY=VALUE given to every action
  std::string color = "auto";
  bool skip_large = false;
  std::string waivers;                    // --waivers FILE
  std::string shard;                      // --shard K/N: the K-th of N deterministic shares of the scenarios
  std::string network;                    // --network env|proxy; "" = the manifest's, else env
  std::vector<std::string> command_line;  // argv as typed, for the report's provenance
  std::string live;                       // --live ACCOUNTS.json (else CLDCERT_LIVE_ACCOUNTS): real clouds
  std::string live_upstream;              // test-only: https://HOST:PORT instead of Cloudinary's hosts
  std::string live_ca;                    // test-only: the CA the upstream's certificate must chain to
  bool live_allow_nonempty = false;       // run against clouds that already hold assets
};

void add_run_command(CLI::App& app, RunOptions& options);
int run_run(const RunOptions& options);

}  // namespace cldcert
