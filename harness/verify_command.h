// `cldcert verify BUNDLE`: what a reviewer runs on a submission. Checks MANIFEST.sha256, then
// re-derives every check's verdict from the bundle's evidence with the same check code.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cldcert {

struct VerifyOptions {
  std::string bundle;
};

struct VerifyResult {
  std::vector<std::string> mismatches;  // one line each, naming the file, scenario or check
  std::size_t files = 0;                // files whose hash was checked
  std::size_t checks = 0;               // check verdicts re-derived
  std::size_t scenarios = 0;
};

// Throws std::runtime_error when `bundle` is not a readable bundle (no report.json, bad JSON).
VerifyResult verify_bundle(const std::filesystem::path& bundle);

void add_verify_command(CLI::App& app, VerifyOptions& options);
int run_verify(const VerifyOptions& options);

}  // namespace cldcert
