// MANIFEST.sha256 of a report bundle: the SHA-256 of every other file, in `sha256sum` format, so a
// reviewer can tell a bundle from one edited by hand (`cldcert verify`, or `sha256sum -c`).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/bundle.h"

namespace cldcert {

// Hashes every file under `bundle` but the manifest itself, sorted by path, and writes the manifest.
void write_bundle_manifest(const std::filesystem::path& bundle);

// One problem per line ("logs/a/1-install.log: changed since the bundle was written", "x: not in
// MANIFEST.sha256", "MANIFEST.sha256: missing"); empty when every hash matches and no file was added.
std::vector<std::string> check_bundle_manifest(const std::filesystem::path& bundle);

// Files (and symbolic links) under `bundle` that its MANIFEST.sha256 does not list: what someone put
// there after cldcert wrote it. nullopt when there is no readable MANIFEST.sha256.
std::optional<std::vector<std::string>> files_not_in_manifest(const std::filesystem::path& bundle);

}  // namespace cldcert
