#include "harness/merge_command.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "harness/bundle.h"
#include "harness/bundle_folder.h"
#include "harness/bundle_manifest.h"
#include "harness/cleanup_guardian.h"
#include "harness/exit_codes.h"
#include "harness/live/live_shard_merge.h"
#include "harness/run_report.h"
#include "harness/waivers.h"
#include "mocks/har_export.h"
#include "mocks/json_problems.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;

struct MergeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

nlohmann::json read_json(const fs::path& path) {
  mock::ParsedJson parsed = mock::read_json_file(path);
  if (!parsed.error.empty()) throw MergeError(parsed.error);
  if (!parsed.doc.is_object()) throw MergeError(path.string() + ": expected a JSON object");
  return parsed.doc;
}

// Shards of one run share these; anything else is two different runs.
void require_same(const nlohmann::json& base, const nlohmann::json& other, const std::string& bundle) {
  auto field = [](const nlohmann::json& r, const std::string& pointer) {
    auto p = nlohmann::json::json_pointer(pointer);
    return r.contains(p) ? r[p].dump() : std::string("nothing");
  };
  for (const char* pointer : {"/schema", "/seed", "/cldcert/version", "/integration/manifest_digest", "/skip_large",
                              "/network", "/mode", "/live/clouds"}) {
    if (field(base, pointer) != field(other, pointer)) {
      throw MergeError(bundle + ": " + pointer + " is " + field(other, pointer) + ", the first bundle's is " +
                       field(base, pointer) + " — shards of one run share it");
    }
  }
}

void copy_tree(const fs::path& from, const fs::path& to) {
  if (!fs::exists(from)) return;
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::skip_existing);
}

}  // namespace

void add_merge_command(CLI::App& app, MergeOptions& o) {
  auto* merge = app.add_subcommand("merge", "Combine the bundles of a sharded run (--shard K/N) into one bundle");
  merge->add_option("OUT", o.out, "The merged bundle's folder (replaced)")->required();
  merge->add_option("BUNDLES", o.bundles, "The shard bundles, each written by `cldcert run --shard K/N --out …`")
      ->required()
      ->expected(1, -1);
}

int run_merge(const MergeOptions& o) {
  try {
    const fs::path destination = fs::absolute(o.out);
    std::error_code ec;
    std::vector<ProtectedPath> protect = {{fs::current_path(ec), "the current directory"}};
    for (const auto& bundle : o.bundles) protect.push_back({bundle, "a bundle being merged"});
    if (auto problem = check_output_folder(destination, protect); !problem.empty()) throw MergeError("OUT " + problem);
    std::vector<nlohmann::json> reports;
    std::set<std::string> scenario_ids;
    for (const auto& bundle : o.bundles) {
      if (!fs::is_regular_file(fs::path(bundle) / kReportJson)) {
        throw MergeError(bundle + ": not a cldcert bundle (no " + kReportJson + ")");
      }
      // A merged bundle is re-hashed, so a tampered shard must be refused here, not laundered.
      if (auto problems = check_bundle_manifest(bundle); !problems.empty()) {
        throw MergeError(bundle + ": fails its " + kBundleManifest + ": " + problems.front());
      }
      reports.push_back(read_json(fs::path(bundle) / kReportJson));
      if (reports.size() > 1) require_same(reports.front(), reports.back(), bundle);
      for (const auto& s : reports.back().at("scenarios")) {
        if (!scenario_ids.insert(s.at("id").get<std::string>()).second) {
          throw MergeError(bundle + ": scenario " + s.at("id").get<std::string>() + " is in two bundles");
        }
      }
    }
    start_cleanup_guardian();
    // Written beside OUT and swapped in whole, so a failed merge leaves OUT as it was.
    StagedBundle staged(destination);
    const fs::path& out = staged.folder();

    nlohmann::json merged = reports.front();
    merged["scenarios"] = nlohmann::json::array();
    merged["shards"] = nlohmann::json::array();
    merged["shard"] = "";
    nlohmann::json har = read_json(fs::path(o.bundles.front()) / kEvidenceHar);
    har["log"]["entries"] = nlohmann::json::array();
    har["log"]["pages"] = nlohmann::json::array();
    double cldcert_cpu = 0, integration_cpu = 0, longest = 0;
    for (std::size_t i = 0; i < reports.size(); ++i) {
      const auto& r = reports[i];
      const fs::path bundle = o.bundles[i];
      for (const auto& s : r.at("scenarios")) merged["scenarios"].push_back(s);
      merged["shards"].push_back({{"bundle", bundle.filename().string()},
                                  {"run_id", r.value("run_id", "")},
                                  {"shard", r.value("shard", "")},
                                  {"started_at", r.value("started_at", "")},
                                  {"finished_at", r.value("finished_at", "")}});
      merged["started_at"] = std::min(merged["started_at"].get<std::string>(), r.value("started_at", ""));
      merged["finished_at"] = std::max(merged["finished_at"].get<std::string>(), r.value("finished_at", ""));
      longest = std::max(longest, r.value("duration_ms", 0.0));
      if (r.contains("cpu_s")) {
        cldcert_cpu += r["cpu_s"].value("cldcert", 0.0);
        integration_cpu += r["cpu_s"].value("integration", 0.0);
      }
      for (const char* folder : kScenarioFolders) copy_tree(bundle / folder, out / folder);
      // Held in a variable: a range-for over a member of a temporary would read it after it is freed.
      const nlohmann::json shard_har = read_json(bundle / kEvidenceHar);
      for (const auto& entry : shard_har["log"]["entries"]) har["log"]["entries"].push_back(entry);
      for (const auto& page : shard_har["log"].value("pages", nlohmann::json::array())) {
        har["log"]["pages"].push_back(page);
      }
    }
    mock::sort_har_entries(har);      // the shards ran side by side
    merged["duration_ms"] = longest;  // the shards ran side by side
    merged["cpu_s"] = {{"cldcert", cldcert_cpu}, {"integration", integration_cpu}};
    std::sort(merged["scenarios"].begin(), merged["scenarios"].end(),
              [](const nlohmann::json& a, const nlohmann::json& b) { return a["id"] < b["id"]; });
    std::vector<nlohmann::json> shard_waivers;
    for (const auto& r : reports) shard_waivers.push_back(r.value("waivers", nlohmann::json::array()));
    if (auto waivers = merge_waiver_statuses(shard_waivers); !waivers.empty()) merged["waivers"] = waivers;
    // A live run's shards each paid for their requests and met their own differences: all of them count.
    nlohmann::json fidelity;
    if (merged.contains("live")) {
      std::vector<nlohmann::json> lives, documents;
      for (std::size_t i = 0; i < reports.size(); ++i) {
        lives.push_back(reports[i].value("live", nlohmann::json::object()));
        const fs::path file = fs::path(o.bundles[i]) / kFidelityJson;
        if (!fs::exists(file)) throw MergeError(o.bundles[i] + ": a live run's bundle without its " + kFidelityJson);
        documents.push_back(read_json(file));
      }
      fidelity = live::merge_fidelity_documents(documents);
      merged["live"] = live::merge_live_reports(lives, fidelity);
    }
    merged["checklist"] = checklist_from_scenarios(merged["scenarios"]);
    merged["verdict"] = report_verdict(merged);
    merged["submission_ready"] = submission_readiness(merged);

    for (const char* folder : {kIntegrationFolder, kPlanFolder}) {  // shards of one run share their plan
      copy_tree(fs::path(o.bundles.front()) / folder, out / folder);
    }
    // The shards' files were redacted when their runs wrote them.
    write_report_files(out, merged, [](const std::string& text) { return text; });
    write_bundle_file(out, kEvidenceHar, har.dump(1) + "\n");
    if (!fidelity.is_null()) write_bundle_file(out, kFidelityJson, fidelity.dump(1) + "\n");
    finish_bundle(out, destination);
    staged.commit();
    std::cout << "merged " << reports.size() << " bundle(s), " << merged["scenarios"].size() << " scenario(s) into "
              << destination.string() << "\nverdict: " << merged["verdict"].get<std::string>() << "\n";
    return merged["verdict"] == "pass" ? kExitOk : kExitFailed;
  } catch (const MergeError& e) {
    std::cerr << "cldcert merge: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const BundleWriteError& e) {
    std::cerr << "cldcert merge: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "cldcert merge: " << e.what() << "\n";
    return kExitInternal;
  }
}

}  // namespace cldcert
