// `cldcert scan PATH…`: the secret-leak scanner on the command line, over the scan library;
// prints findings, writes JSON and SARIF, exits 0 clean, 1 findings, 2 bad input or an incomplete scan.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cldcert {

struct ScanOptions {
  std::vector<std::string> paths;
  std::vector<std::string> secrets;
  std::string secrets_file;    // one known secret per line; "-" reads stdin (keeps them out of `ps`)
  std::string cloudinary_url;  // its secret is searched for; so is $CLOUDINARY_URL's unless ignore_env
  bool ignore_env = false;
  std::string json_file, sarif_file, allow_file;
  bool no_history = false, no_archives = false, no_patterns = false;
  bool progress = false;
};

void add_scan_command(CLI::App& app, ScanOptions& options);
int run_scan(const ScanOptions& options);

}  // namespace cldcert
