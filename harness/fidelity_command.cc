#include "harness/fidelity_command.h"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

#include "harness/bundle.h"
#include "harness/exit_codes.h"
#include "harness/live/shadow_fidelity.h"
#include "harness/terminal_text.h"
#include "mocks/json_problems.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFidelitySchema = "cldcert/fidelity/v1";
// What --json writes: a file of this schema is the only one it replaces.
constexpr const char* kAggregateSchema = "cldcert/fidelity-aggregate/v1";

// "" when --json may write `file`: it is not there, or it is an aggregate this command wrote before.
std::string unsafe_to_replace(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return "";
  mock::ParsedJson parsed = mock::read_json_file(file);
  if (parsed.error.empty() && parsed.doc.is_object() && parsed.doc.contains("schema") &&
      parsed.doc["schema"] == kAggregateSchema)
    return "";
  return file.string() + " is there and is not an earlier `cldcert fidelity --json` output: not replaced";
}

std::size_t count_of(const nlohmann::json& doc, const char* key) {
  const auto it = doc.find(key);
  return it != doc.end() && it->is_number_unsigned() ? it->get<std::size_t>() : 0;
}

}  // namespace

nlohmann::json aggregate_fidelity(const std::vector<fs::path>& bundles) {
  nlohmann::json records = nlohmann::json::array();
  std::size_t compared = 0, differing = 0, recorded = 0;
  for (const auto& bundle : bundles) {
    const std::string name = bundle.string();
    if (!fs::is_regular_file(bundle / kReportJson)) {
      throw std::runtime_error(name + ": not a cldcert bundle (no " + kReportJson + ")");
    }
    if (!fs::exists(bundle / kFidelityJson)) {
      throw std::runtime_error(name + ": no " + std::string(kFidelityJson) +
                               ": a mock run's bundle (only `cldcert run --live` compares the mock with live clouds)");
    }
    mock::ParsedJson parsed = mock::read_json_file(bundle / kFidelityJson);
    if (!parsed.error.empty()) throw std::runtime_error(parsed.error);
    const nlohmann::json& doc = parsed.doc;
    if (!doc.is_object() || !doc.contains("schema") || doc["schema"] != kFidelitySchema ||
        !doc.contains("differences") || !doc["differences"].is_array()) {
      throw std::runtime_error((bundle / kFidelityJson).string() + ": not a fidelity file of schema " +
                               kFidelitySchema + " (\"schema\" and a \"differences\" list)");
    }
    compared += count_of(doc, "compared");
    differing += count_of(doc, "differing");
    recorded += count_of(doc, "recorded");
    for (auto record : doc["differences"]) {
      if (!record.is_object()) continue;
      record["bundle"] = name;
      records.push_back(std::move(record));
    }
  }
  return {{"schema", kAggregateSchema}, {"bundles", bundles.size()}, {"compared", compared},
          {"differing", differing},     {"recorded", recorded},      {"differences", live::group_differences(records)}};
}

void add_fidelity_command(CLI::App& app, FidelityOptions& o) {
  auto* fidelity = app.add_subcommand(
      "fidelity",
      "Aggregate live runs' shadow fidelity (each bundle's fidelity.json): where the mock's answers differed from "
      "the live clouds', the differences most bundles met first");
  fidelity->add_option("BUNDLE", o.bundles, "Bundles of `cldcert run --live` (folders)")->required();
  fidelity->add_option(
      "--json", o.json_out,
      "Also write the aggregate as JSON to FILE (\"-\": standard output); an existing FILE is replaced "
      "only when it is an earlier aggregate");
}

int run_fidelity(const FidelityOptions& o) {
  if (!o.json_out.empty() && o.json_out != "-") {
    if (std::string why = unsafe_to_replace(o.json_out); !why.empty()) {
      std::cerr << "cldcert fidelity: --json: " << terminal_text(why) << "\n";
      return kExitBadInput;
    }
  }
  nlohmann::json aggregate;
  try {
    aggregate = aggregate_fidelity(std::vector<fs::path>(o.bundles.begin(), o.bundles.end()));
  } catch (const std::exception& e) {
    std::cerr << "cldcert fidelity: " << terminal_text(e.what()) << "\n";
    return kExitBadInput;
  }
  if (o.json_out == "-") {
    std::cout << aggregate.dump(2) << "\n";
    return kExitOk;
  }
  const auto& groups = aggregate["differences"];
  std::cout << "fidelity: " << aggregate["bundles"].get<std::size_t>() << " live bundle(s), "
            << aggregate["compared"].get<std::size_t>() << " answer(s) compared with the mock's own, "
            << aggregate["differing"].get<std::size_t>() << " differed; " << groups.size() << " distinct difference(s)"
            << (groups.empty() ? "" : ", the most widespread first:") << "\n";
  for (const auto& g : groups) {
    const auto& first = g["first"];
    std::cout << "  " << g["bundles"].get<std::size_t>() << " bundle(s), " << g["answers"].get<std::size_t>()
              << " answer(s): " << terminal_text(g["text"].get<std::string>()) << "\n"
              << "    first: " << terminal_text(first.value("bundle", "")) << " journal/"
              << terminal_text(first.value("scenario", "")) << ".jsonl id " << first.value("journal_id", 0) << "\n";
  }
  if (aggregate["recorded"].get<std::size_t>() < aggregate["differing"].get<std::size_t>()) {
    std::cout << "fidelity: only the first " << live::kMaxRecordedAnswers
              << " differing answers of a run are kept in its fidelity.json; the rest are counted\n";
  }
  if (!o.json_out.empty()) {
    std::ofstream file(o.json_out);
    file << aggregate.dump(2) << "\n";
    if (!file.flush()) {
      std::cerr << "cldcert fidelity: cannot write " << o.json_out << "\n";
      return kExitInternal;
    }
    std::cout << "fidelity: written to " << o.json_out << "\n";
  }
  return kExitOk;
}

}  // namespace cldcert
