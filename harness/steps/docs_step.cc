#include "harness/steps/docs_step.h"

#include <algorithm>
#include <filesystem>

#include "harness/process_runner.h"
#include "mocks/digest.h"
#include "mocks/json_problems.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;

struct Role {
  std::string name;
  const std::string Manifest::*declared;
  std::vector<std::string> defaults;  // file names, or prefixes ending in '*'
};

const std::vector<Role>& roles() {
  static const std::vector<Role> kRoles = {
      {"readme", &Manifest::docs_readme, {"README.md"}},
      {"license", &Manifest::docs_license, {"LICENSE*", "LICENCE*", "COPYING*"}},
      {"contributing", &Manifest::docs_contributing, {"CONTRIBUTING*"}},
      {"changelog", &Manifest::docs_changelog, {"CHANGELOG*", "CHANGES*"}},
  };
  return kRoles;
}

// The first file of `dir` (by name) a default names, or nullopt.
std::optional<std::string> find_default(const fs::path& dir, const std::vector<std::string>& defaults) {
  std::error_code ec;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  for (const auto& pattern : defaults) {
    for (const auto& name : names) {
      if (pattern.ends_with('*') ? name.starts_with(pattern.substr(0, pattern.size() - 1)) : name == pattern)
        return name;
    }
  }
  return std::nullopt;
}

// licensecheck prints "FILE<TAB>SPDX-ID" with --machine; "UNKNOWN" when no license text matched.
HarnessStepResult identify_license(const fs::path& file, const std::string& licensecheck) {
  ProcessSpec spec;
  spec.argv = {licensecheck, "--machine", "--shortname-scheme=spdx", file.string()};
  spec.timeout = std::chrono::seconds(30);
  ProcessResult result = run_process(spec);
  if (result.spawn_failed || result.exit_code != 0) {
    return {"cldcert.read_docs: cannot identify the license of " + file.string() + ": " + licensecheck +
                (result.spawn_failed ? " could not be run (" + result.spawn_error + ")"
                                     : " exited with " + std::to_string(result.exit_code) + ": " + result.stderr_text) +
                "; install the Debian package licensecheck (script/install-deps does)",
            nullptr};
  }
  std::string output = result.stdout_text;
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  auto tab = output.rfind('\t');
  std::string spdx = tab == std::string::npos ? "" : output.substr(tab + 1);
  if (spdx == "UNKNOWN") spdx.clear();
  return {"", {{"tool", "licensecheck"}, {"spdx", spdx}, {"output", output}}};
}

// Up to kMaxDocumentBytes, as valid UTF-8 (a cut or a stray byte becomes U+FFFD): the report is JSON.
std::string recordable(const std::string& text) {
  std::string head = text.substr(0, kMaxDocumentBytes);
  return nlohmann::json::parse(nlohmann::json(head).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
      .get<std::string>();
}

}  // namespace

HarnessStepResult read_docs_of(const Manifest& manifest, const std::string& licensecheck) {
  nlohmann::json documents = nlohmann::json::array();
  nlohmann::json license = nullptr;
  for (const auto& role : roles()) {
    const std::string& declared = manifest.*role.declared;
    std::optional<std::string> relative = declared.empty() ? find_default(manifest.dir, role.defaults) : declared;
    if (!relative) {
      documents.push_back({{"role", role.name}, {"path", role.defaults.front()}, {"missing", true}});
      continue;
    }
    const fs::path file = manifest.dir / *relative;
    mock::FileText text = mock::read_file_text(file);
    if (!text.error.empty()) {
      return {"cldcert.read_docs: the manifest's docs." + role.name + " \"" + declared + "\" (" + file.string() +
                  "): " + text.error,
              nullptr};
    }
    const bool truncated = text.text.size() > kMaxDocumentBytes;
    documents.push_back({{"role", role.name},
                         {"path", *relative},
                         {"sha256", mock::sha256_hex(text.text)},
                         {"bytes", text.text.size()},
                         {"truncated", truncated},
                         {"text", recordable(text.text)}});
    if (role.name == "license") {
      HarnessStepResult identified = identify_license(file, licensecheck);
      if (!identified.error.empty()) return identified;
      license = identified.output;
    }
  }
  return {"", {{"documents", documents}, {"license", license}}};
}

HarnessStepResult read_docs(const HarnessStepArgs&, const HarnessStepContext& context) {
  return read_docs_of(context.manifest, "licensecheck");
}

}  // namespace cldcert
