#include "harness/bundle_folder.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/bundle_manifest.h"
#include "harness/version.h"
#include "mocks/owned_temp_folder.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;

// The path itself when it exists (symbolic links resolved), else its absolute, normalised spelling.
fs::path resolved(const fs::path& path) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(fs::absolute(path), ec);
  return ec ? fs::absolute(path).lexically_normal() : out;
}

// Whether `inner` is `outer` or lies under it.
bool is_within(const fs::path& inner, const fs::path& outer) {
  auto rel = inner.lexically_relative(outer);
  return !rel.empty() && *rel.begin() != "..";
}

// "" when `folder` is a bundle cldcert wrote and nothing else was put in it since; else why not. The
// marker alone is not enough: a user may keep their own files in a bundle folder (a waivers file,
// notes), and replacing the bundle would delete them. Bundles older than the marker count too.
std::string why_not_replaceable(const fs::path& folder) {
  auto unlisted = files_not_in_manifest(folder);
  if (!unlisted) {
    std::error_code ec;
    return fs::is_regular_file(folder / kBundleMarker, ec)
               ? std::string("has ") + kBundleMarker + " but no " + kBundleManifest + ", so cldcert did not finish it"
               : std::string("is a folder that is not a cldcert bundle (no ") + kBundleMarker + ")";
  }
  if (unlisted->empty()) return "";
  std::string named;
  for (std::size_t i = 0; i < unlisted->size() && i < 3; ++i) named += (i ? ", " : "") + (*unlisted)[i];
  if (unlisted->size() > 3) named += " and " + std::to_string(unlisted->size() - 3) + " more";
  return "is a cldcert bundle holding files cldcert did not write (" + named + ")";
}

}  // namespace

std::string check_output_folder(const fs::path& out, const std::vector<ProtectedPath>& protect) {
  const std::string shown = out.string();
  std::error_code ec;
  auto status = fs::symlink_status(out, ec);
  if (status.type() == fs::file_type::not_found) return "";
  if (ec) return shown + ": cannot be inspected (" + ec.message() + "); refusing to write a bundle there";
  if (status.type() == fs::file_type::symlink) {
    return shown + ": is a symbolic link; give a new folder or an existing cldcert bundle, not a link";
  }
  if (status.type() != fs::file_type::directory) {
    return shown + ": is a file, not a cldcert bundle folder; refusing to replace it (choose another --out)";
  }
  const fs::path real = resolved(out);
  for (const auto& p : protect) {
    if (p.path.empty()) continue;
    if (is_within(resolved(p.path), real)) {
      return shown + ": " + (resolved(p.path) == real ? "is " : "contains ") + p.what + " (" + p.path.string() +
             "); refusing to replace it with a bundle";
    }
  }
  if (fs::is_empty(out, ec) && !ec) return "";
  std::string why = why_not_replaceable(out);
  if (why.empty()) return "";
  return shown + ": " + why + "; refusing to replace it — choose a new or empty folder";
}

StagedBundle::StagedBundle(fs::path destination) : destination_(fs::absolute(destination).lexically_normal()) {
  if (destination_.filename().empty()) destination_ = destination_.parent_path();
  fs::create_directories(destination_.parent_path());
  std::string pattern =
      (destination_.parent_path() / ("." + destination_.filename().string() + ".cldcert-tmp-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a folder beside " + destination_.string() + ": " + std::strerror(errno));
  }
  staged_ = pattern;
  // Tracked, so a run that dies mid-way leaves no half-written bundle beside the destination.
  mock::track_temp_folder(staged_);
  std::ofstream marker(staged_ / kBundleMarker, std::ios::binary);
  marker << nlohmann::json{{"schema", "cldcert/bundle/v1"}, {"cldcert", kVersion}}.dump() << "\n";
  if (!marker) throw std::runtime_error("cannot write " + (staged_ / kBundleMarker).string());
}

StagedBundle::~StagedBundle() {
  if (!committed_) mock::remove_owned_temp_folder(staged_);
}

void StagedBundle::commit() {
  // Untracked first: from here on the staged folder is the user's bundle, not scratch.
  mock::untrack_temp_folder(staged_);
  std::error_code ec;
  bool replacing = fs::exists(fs::symlink_status(destination_, ec));
  if (!replacing) {
    fs::rename(staged_, destination_);
  } else if (::renameat2(AT_FDCWD, staged_.c_str(), AT_FDCWD, destination_.c_str(), RENAME_EXCHANGE) == 0) {
    // One atomic swap: the staged path now holds the previous bundle.
  } else if (errno == EINVAL || errno == ENOSYS || errno == EPERM) {
    // A file system without RENAME_EXCHANGE: the previous bundle moves aside, the new one in.
    fs::path aside = staged_.string() + "-previous";
    fs::rename(destination_, aside);
    try {
      fs::rename(staged_, destination_);
    } catch (...) {
      fs::rename(aside, destination_, ec);
      mock::track_temp_folder(staged_);
      throw;
    }
    fs::rename(aside, staged_);
  } else {
    int error = errno;
    mock::track_temp_folder(staged_);
    throw std::runtime_error("cannot move the new bundle to " + destination_.string() + ": " + std::strerror(error));
  }
  committed_ = true;
  if (replacing) {  // the previous bundle, now scratch
    mock::track_temp_folder(staged_);
    mock::remove_owned_temp_folder(staged_);
  }
}

}  // namespace cldcert
