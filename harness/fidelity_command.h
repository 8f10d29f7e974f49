// `cldcert fidelity BUNDLE…`: the shadow fidelity of live runs (their fidelity.json) aggregated, so the
// differences between the mock and Cloudinary that most runs meet come first — the mock's to-do list.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace CLI {
class App;
}

namespace cldcert {

struct FidelityOptions {
  std::vector<std::string> bundles;
  std::string json_out;  // --json FILE ("-": stdout); replaces only an earlier aggregate
};

// {"schema": "cldcert/fidelity-aggregate/v1", "bundles": n, "compared", "differing", "recorded", "differences":
// live::group_differences of every bundle's records, each record labelled with its bundle as given}. Throws
// std::runtime_error naming the bundle and what is wrong: not a bundle, a mock run's (no fidelity.json), a
// fidelity.json of another shape.
nlohmann::json aggregate_fidelity(const std::vector<std::filesystem::path>& bundles);

void add_fidelity_command(CLI::App& app, FidelityOptions& options);
int run_fidelity(const FidelityOptions& options);

}  // namespace cldcert
