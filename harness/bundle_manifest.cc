#include "harness/bundle_manifest.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "mocks/digest.h"

namespace cldcert {
namespace {

// Relative, '/'-separated paths of every regular file but the manifest, sorted.
std::vector<std::string> bundle_files(const std::filesystem::path& bundle) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(bundle)) {
    if (!entry.is_regular_file()) continue;
    std::string relative = std::filesystem::relative(entry.path(), bundle).generic_string();
    if (relative != kBundleManifest) out.push_back(relative);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

void write_bundle_manifest(const std::filesystem::path& bundle) {
  std::string text;
  for (const auto& file : bundle_files(bundle)) text += mock::file_sha256_hex(bundle / file) + "  " + file + "\n";
  std::ofstream out(bundle / kBundleManifest, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + (bundle / kBundleManifest).string());
}

std::vector<std::string> check_bundle_manifest(const std::filesystem::path& bundle) {
  std::ifstream in(bundle / kBundleManifest, std::ios::binary);
  if (!in) return {std::string(kBundleManifest) + ": missing, so nothing in the bundle can be trusted"};
  std::map<std::string, std::string> listed;
  std::vector<std::string> problems;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.size() < 67 || line.substr(64, 2) != "  ") {
      problems.push_back(std::string(kBundleManifest) + ":" + std::to_string(number) + ": not \"<sha256>  <path>\"");
      continue;
    }
    listed[line.substr(66)] = line.substr(0, 64);
  }
  for (const auto& [file, expected] : listed) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(bundle / file, ec)) {
      problems.push_back(file + ": listed in " + kBundleManifest + " but missing");
    } else if (mock::file_sha256_hex(bundle / file) != expected) {
      problems.push_back(file + ": changed since the bundle was written (SHA-256 differs)");
    }
  }
  for (const auto& file : bundle_files(bundle)) {
    if (!listed.count(file)) problems.push_back(file + ": not in " + kBundleManifest + " (added after the bundle was written)");
  }
  return problems;
}

}  // namespace cldcert
