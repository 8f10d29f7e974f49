#include "harness/bundle_manifest.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "mocks/digest.h"

namespace cldcert {
namespace {

// Relative, '/'-separated paths of every regular file but the manifest, sorted; symbolic links
// (which a bundle never holds: they could point anywhere) go to `links` when given.
std::vector<std::string> bundle_files(const std::filesystem::path& bundle, std::vector<std::string>* links = nullptr) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(bundle)) {
    // lexically: fs::relative resolves symbolic links, and would name a link by its target.
    std::string relative = entry.path().lexically_relative(bundle).generic_string();
    if (entry.is_symlink()) {
      if (links) links->push_back(relative);
      continue;
    }
    if (!entry.is_regular_file()) continue;
    if (relative != kBundleManifest) out.push_back(relative);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Why a MANIFEST.sha256 path could name a file outside the bundle, or "" when it cannot: it must be
// relative, with no "..", "." or empty part, and no part of it a symbolic link.
std::string outside_bundle(const std::filesystem::path& bundle, const std::string& file) {
  if (file.empty() || file.front() == '/') return "an absolute path";
  std::filesystem::path at = bundle;
  std::size_t start = 0;
  while (start <= file.size()) {
    std::size_t end = file.find('/', start);
    if (end == std::string::npos) end = file.size();
    const std::string part = file.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return "a path with a \"" + part + "\" part";
    at /= part;
    std::error_code ec;
    if (std::filesystem::is_symlink(at, ec)) return "a path through a symbolic link";
    start = end + 1;
  }
  return "";
}

}  // namespace

void write_bundle_manifest(const std::filesystem::path& bundle) {
  std::string text;
  for (const auto& file : bundle_files(bundle)) text += mock::file_sha256_hex(bundle / file) + "  " + file + "\n";
  std::ofstream out(bundle / kBundleManifest, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + (bundle / kBundleManifest).string());
}

namespace {

// MANIFEST.sha256 as path -> hash; nullopt when it cannot be read. Malformed lines go to `problems`.
std::optional<std::map<std::string, std::string>> read_listing(const std::filesystem::path& bundle,
                                                               std::vector<std::string>& problems) {
  std::ifstream in(bundle / kBundleManifest, std::ios::binary);
  if (!in) return std::nullopt;
  std::map<std::string, std::string> listed;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.size() < 67 || line.substr(64, 2) != "  ") {
      problems.push_back(std::string(kBundleManifest) + ":" + std::to_string(number) + ": not \"<sha256>  <path>\"");
      continue;
    }
    listed[line.substr(66)] = line.substr(0, 64);
  }
  return listed;
}

}  // namespace

std::optional<std::vector<std::string>> files_not_in_manifest(const std::filesystem::path& bundle) {
  std::vector<std::string> ignored;
  auto listed = read_listing(bundle, ignored);
  if (!listed) return std::nullopt;
  std::vector<std::string> links;
  std::vector<std::string> out;
  for (const auto& file : bundle_files(bundle, &links)) {
    if (!listed->count(file)) out.push_back(file);
  }
  out.insert(out.end(), links.begin(), links.end());
  return out;
}

std::vector<std::string> check_bundle_manifest(const std::filesystem::path& bundle) {
  std::vector<std::string> problems;
  auto read = read_listing(bundle, problems);
  if (!read) return {std::string(kBundleManifest) + ": missing, so nothing in the bundle can be trusted"};
  const auto& listed = *read;
  for (const auto& [file, expected] : listed) {
    std::error_code ec;
    if (std::string why = outside_bundle(bundle, file); !why.empty()) {
      problems.push_back(file + ": listed in " + kBundleManifest + " as " + why +
                         ", which may lead outside the bundle");
    } else if (!std::filesystem::is_regular_file(bundle / file, ec)) {
      problems.push_back(file + ": listed in " + kBundleManifest + " but missing");
    } else if (mock::file_sha256_hex(bundle / file) != expected) {
      problems.push_back(file + ": changed since the bundle was written (SHA-256 differs)");
    }
  }
  std::vector<std::string> links;
  for (const auto& file : bundle_files(bundle, &links)) {
    if (!listed.count(file))
      problems.push_back(file + ": not in " + kBundleManifest + " (added after the bundle was written)");
  }
  for (const auto& link : links) problems.push_back(link + ": a symbolic link; a bundle holds only files and folders");
  return problems;
}

}  // namespace cldcert
