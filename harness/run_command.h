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
};

void add_run_command(CLI::App& app, RunOptions& options);
int run_run(const RunOptions& options);

}  // namespace cldcert
