#include "harness/verify_command.h"

#include <CLI/CLI.hpp>
#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "harness/bundle.h"
#include "harness/bundle_manifest.h"
#include "harness/bundle_rederive.h"
#include "harness/exit_codes.h"
#include "harness/manifest.h"
#include "harness/report_command.h"
#include "harness/run_report.h"
#include "harness/terminal_text.h"
#include "mocks/json_problems.h"
#include "mocks/owned_temp_folder.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;

std::string file_bytes(const fs::path& path) {
  mock::FileText text = mock::read_file_text(path);
  return text.error.empty() ? text.text : std::string();
}

// "" when equal, else where `kept` first departs from `rendered`: "line N" — what a reviewer opens.
std::string first_difference(const std::string& kept, const std::string& rendered) {
  if (kept == rendered) return "";
  auto [at, ignored] = std::mismatch(kept.begin(), kept.end(), rendered.begin(), rendered.end());
  return "line " + std::to_string(1 + std::count(kept.begin(), at, '\n'));
}

// junit.xml and results.sarif as the run writes them from report.json (their times come from it).
void compare_rendered(const fs::path& bundle, const nlohmann::json& report, VerifyResult& result) {
  for (const auto& [name, rendered] : files_from_report(report)) {
    ++result.rendered;
    if (std::string line = first_difference(file_bytes(bundle / name), rendered); !line.empty()) {
      result.mismatches.push_back(std::string(name) + ": differs from what report.json renders to, from " + line);
    }
  }
}

// report.html and report.md, rendered by reports/render.py from the bundle's report.json into a
// scratch folder and compared byte for byte; without Python 3 + Jinja2 they are named unchecked.
void compare_rendered_reports(const fs::path& bundle, VerifyResult& result) {
  const fs::path scratch = mock::make_owned_temp_folder("cldcert-verify-");
  const fs::path html = scratch / kReportHtml, md = scratch / kReportMd;
  RenderOutcome r = render_bundle(bundle, {"--html", html.string(), "--md", md.string(), "--quiet"});
  if (r.unavailable || r.exit_code != 0) {
    std::string why = r.unavailable ? r.why : "render.py exited with " + std::to_string(r.exit_code);
    for (const char* name : {kReportHtml, kReportMd}) {
      if (fs::exists(bundle / name)) result.unchecked.push_back(std::string(name) + " (" + why + ")");
    }
  } else {
    for (const auto& [name, file] : {std::pair{kReportHtml, html}, std::pair{kReportMd, md}}) {
      if (!fs::exists(bundle / name)) {
        result.unchecked.push_back(std::string(name) + " (not in the bundle: the run could not render it)");
        continue;
      }
      ++result.rendered;
      if (std::string line = first_difference(file_bytes(bundle / name), file_bytes(file)); !line.empty()) {
        result.mismatches.push_back(std::string(name) + ": differs from what report.json renders to, from " + line);
      }
    }
  }
  mock::remove_owned_temp_folder(scratch);
}

}  // namespace

VerifyResult verify_bundle(const fs::path& bundle) {
  if (!fs::is_regular_file(bundle / kReportJson)) {
    throw std::runtime_error(bundle.string() + ": not a cldcert bundle (no " + kReportJson + ")");
  }
  VerifyResult result;
  result.mismatches = check_bundle_manifest(bundle);
  std::ifstream listed(bundle / kBundleManifest);
  for (std::string line; std::getline(listed, line);) ++result.files;

  mock::ParsedJson parsed = mock::read_json_file(bundle / kReportJson);
  if (!parsed.error.empty()) throw std::runtime_error(parsed.error);
  const nlohmann::json& report = parsed.doc;
  RederivedReport derived = rederive_report(bundle, report);
  result.scenarios = derived.scenarios_run;
  result.checks = derived.checks;
  result.live = derived.live;
  result.taken_from_record = std::move(derived.taken_from_record);
  for (auto& p : derived.problems) result.mismatches.push_back(std::move(p));
  for (auto& d : report_differences(derived.report, report)) result.mismatches.push_back("report.json " + d);
  result.verdict = derived.report.value("verdict", "");
  const auto& ready = derived.report["submission_ready"];
  result.submission_ready = ready.value("ready", false);
  result.obstacles = ready.value("obstacles", nlohmann::json::array()).size();
  compare_rendered(bundle, report, result);
  compare_rendered_reports(bundle, result);
  return result;
}

void add_verify_command(CLI::App& app, VerifyOptions& o) {
  auto* verify = app.add_subcommand(
      "verify", "Check a report bundle's hashes and re-derive every verdict from its evidence (what a reviewer runs)");
  verify->add_option("BUNDLE", o.bundle, "The folder `cldcert run --out` wrote")->required();
}

int run_verify(const VerifyOptions& o) {
  VerifyResult result;
  try {
    result = verify_bundle(o.bundle);
  } catch (const ManifestError& e) {
    std::cerr << "cldcert verify: the bundle's integration/cldcert.json is not valid:\n" << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "cldcert verify: " << e.what() << "\n";
    return kExitBadInput;
  }
  for (const auto& m : result.mismatches) std::cout << "mismatch: " << terminal_text(m) << "\n";
  for (const auto& u : result.unchecked) std::cout << "not checked: " << terminal_text(u) << "\n";
  // A live run's secrets are not in the bundle: what a check verified with one is the run's word.
  for (const auto& t : result.taken_from_record) {
    std::cout << "taken from the run's record: " << terminal_text(t)
              << " (checked with a live cloud's secret or CDN, which the bundle cannot ask: evidence "
                 "verified_with_secrets)\n";
  }
  if (!result.mismatches.empty()) {
    std::cout << "verify: FAILED — " << result.mismatches.size() << " mismatch(es); do not trust this bundle\n";
    return kExitFailed;
  }
  std::string readiness = result.submission_ready
                              ? "submission-ready"
                              : "not submission-ready (" + std::to_string(result.obstacles) + " obstacle(s))";
  std::cout << "verify: OK — verdict " << result.verdict << ", " << readiness << "; " << result.files
            << " file hashes match; " << result.checks << " check verdicts in " << result.scenarios
            << " scenario(s) re-derived from the evidence"
            << (result.live ? " (a live run: " + std::to_string(result.taken_from_record.size()) +
                                  " of them taken from the run's record of what it verified with a secret)"
                            : "")
            << ", report.json and " << result.rendered << " rendered file(s) identical to what it gives\n";
  if (!result.unchecked.empty()) {
    std::cout << "verify: " << result.unchecked.size()
              << " rendered file(s) not checked (see above): read report.json, not them\n";
  }
  return kExitOk;
}

}  // namespace cldcert
