// `cldcert merge OUT BUNDLE…`: the bundles of a sharded run (--shard K/N on N machines) combined
// into one bundle with one report, its hashes recomputed, so `cldcert verify` accepts it.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cldcert {

struct MergeOptions {
  std::string out;
  std::vector<std::string> bundles;
};

void add_merge_command(CLI::App& app, MergeOptions& options);
int run_merge(const MergeOptions& options);

}  // namespace cldcert
