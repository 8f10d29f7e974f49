// `cldcert verify BUNDLE`: what a reviewer runs on a submission. Checks MANIFEST.sha256, re-derives
// the whole report.json from the bundle's plan and evidence with the run's own code, and re-renders
// junit.xml, results.sarif, report.html and report.md from it. README's verify paragraph says
// what that proves and what it cannot.
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
  std::size_t rendered = 0;            // rendered files compared byte for byte
  std::vector<std::string> unchecked;  // rendered files that could not be re-rendered, and why
  std::string verdict;                 // as re-derived
  bool submission_ready = false;       // as re-derived
  std::size_t obstacles = 0;
  bool live = false;                           // a live run's bundle
  std::vector<std::string> taken_from_record;  // "<scenario> › <check>": verdicts resting on the run's record
};

// Throws std::runtime_error when `bundle` is not a readable bundle (no report.json, bad JSON).
VerifyResult verify_bundle(const std::filesystem::path& bundle);

void add_verify_command(CLI::App& app, VerifyOptions& options);
int run_verify(const VerifyOptions& options);

}  // namespace cldcert
