#include "harness/verify_command.h"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness/bundle_manifest.h"
#include "harness/checks/registry.h"
#include "harness/command_line.h"
#include "harness/evidence_file.h"
#include "harness/manifest.h"
#include "harness/run_report.h"
#include "harness/scenario_run.h"
#include "harness/terminal_text.h"
#include "harness/waivers.h"
#include "mocks/bounded_json.h"
#include "mocks/json_problems.h"

namespace cldcert {
namespace {

nlohmann::json read_json(const std::filesystem::path& path) {
  mock::ParsedJson parsed = mock::read_json_file(path);
  if (!parsed.error.empty()) throw std::runtime_error(parsed.error);
  return parsed.doc;
}

std::vector<mock::JournalEntry> read_journal(const std::filesystem::path& path) {
  mock::FileText text = mock::read_file_text(path);
  if (!text.error.empty()) throw std::runtime_error(path.string() + ": " + text.error);
  std::vector<mock::JournalEntry> out;
  std::istringstream lines(text.text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (line.empty()) continue;
    mock::ParsedJson parsed = mock::parse_json_text(line);
    if (!parsed.error.empty()) {
      throw std::runtime_error(path.string() + ":" + std::to_string(number) + ": " +
                               (parsed.problem == mock::JsonProblem::kTooDeep ? parsed.error : "not valid JSON"));
    }
    out.push_back(parsed.doc.get<mock::JournalEntry>());
  }
  return out;
}

}  // namespace

VerifyResult verify_bundle(const std::filesystem::path& bundle) {
  if (!std::filesystem::is_regular_file(bundle / "report.json")) {
    throw std::runtime_error(bundle.string() + ": not a cldcert bundle (no report.json)");
  }
  VerifyResult result;
  result.mismatches = check_bundle_manifest(bundle);
  std::ifstream listed(bundle / kBundleManifest);
  for (std::string line; std::getline(listed, line);) ++result.files;

  nlohmann::json report = read_json(bundle / "report.json");
  Manifest manifest = load_manifest(bundle / "integration" / "cldcert.json");
  const std::uint64_t seed = report.at("seed");
  for (const auto& s : report.at("scenarios")) {
    const std::string id = s.at("id");
    if (!s.contains("journal") || s.contains("skipped")) continue;  // not run: nothing to re-judge
    ++result.scenarios;
    try {
      auto journal = read_journal(bundle / s["journal"].get<std::string>());
      auto evidence = evidence_from_json(read_json(bundle / "evidence" / (id + ".json")));
      // The clouds are generated from the seed and the scenario id, so the secrets are too.
      mock::Accounts accounts = scenario_accounts(seed, id);
      CheckInput input{manifest, journal, evidence.steps, accounts, accounts.all_secrets(), evidence.fixtures};
      for (const auto& c : s.at("checks")) {
        const std::string check_id = c.at("id");
        const CheckDefinition* definition = find_check(check_id);
        if (!definition) {
          result.mismatches.push_back(id + " › " + check_id + ": this cldcert has no such check");
          continue;
        }
        ++result.checks;
        CheckResult derived = run_check(*definition, input);
        std::string reported = c.at("verdict");
        std::string again(verdict_name(derived.verdict));
        std::string message = c.value("message", "");
        if (reported == "waived") {
          // A waived check is a failure an applied waiver of the report accepts: the evidence must
          // still fail it, and its message is the waiver's prefix and the evidence's message.
          nlohmann::json waiver;  // a copy: report.value() hands back a temporary
          for (const auto& w : report.value("waivers", nlohmann::json::array())) {
            if (w.value("scenario", "") == id && w.value("check", "") == check_id && w.value("status", "") == "applied") {
              waiver = w;
            }
          }
          if (waiver.is_null()) result.mismatches.push_back(id + " › " + check_id + ": waived, but no applied waiver names it");
          std::string prefix = waiver.is_null() ? "" : waived_prefix(waiver.value("expires", ""), waiver.value("reason", ""));
          if (message.starts_with(prefix)) message = message.substr(prefix.size());
          reported = "fail";
        }
        if (reported != again) {
          result.mismatches.push_back(id + " › " + check_id + ": report.json says " + reported + ", the evidence gives " +
                                      again + " (" + derived.message + ")");
        } else if (message != derived.message) {
          result.mismatches.push_back(id + " › " + check_id + ": report.json's message differs from the evidence's: \"" +
                                      derived.message + "\"");
        }
      }
    } catch (const std::exception& e) {
      result.mismatches.push_back(id + ": its evidence cannot be read: " + e.what());
    }
  }
  std::string overall = report_verdict(report);
  if (report.value("verdict", "") != overall) {
    result.mismatches.push_back("report.json: the overall verdict is " + report.value("verdict", "") +
                                ", its scenarios and checks give " + overall);
  }
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
  if (!result.mismatches.empty()) {
    std::cout << "verify: FAILED — " << result.mismatches.size() << " mismatch(es); do not trust this bundle\n";
    return kExitFailed;
  }
  std::cout << "verify: OK — " << result.files << " file hashes match; " << result.checks << " check verdicts in "
            << result.scenarios << " scenario(s) re-derived from the evidence, all as reported\n";
  return kExitOk;
}

}  // namespace cldcert
