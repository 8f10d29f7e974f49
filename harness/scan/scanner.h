// The secret-leak scanner as a library: folders, files, archives inside them and git history in,
// findings out. `cldcert scan` is a thin command over it; the runner scans step logs with scan_text.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scan/archive_reader.h"
#include "harness/scan/finding.h"
#include "harness/scan/unread.h"

namespace cldcert::scan {

struct ScanProgress {
  std::size_t files = 0;  // files, archive members and history blobs scanned so far
  std::uint64_t bytes = 0;
};

struct ScanRequest {
  std::vector<std::filesystem::path> paths;  // folders or files; each must exist
  std::vector<std::string> secrets;          // known secrets, searched for in every encoding
  bool patterns = true;  // also unknown secrets by shape (cloudinary-url, key-secret pair, assignments)
  bool history = true;   // a path that is a git repository: every blob reachable from any ref
  bool archives = true;  // look inside zip/tar/tar.gz/… (nested up to kMaxArchiveDepth)
  std::uint64_t max_archive_bytes = kMaxArchiveBytes;    // decompressed, per file, nested archives included
  std::vector<std::string> allowed_fingerprints;         // findings of these secrets are not reported
  std::function<void(const ScanProgress&)> on_progress;  // called after each file, member and blob
};

inline constexpr int kMaxArchiveDepth = 3;

struct ScanReport {
  std::vector<Finding> findings;      // sorted by file, line, column, commit
  std::vector<std::string> warnings;  // broken archives (scanned as bytes), repositories without history
  // What was not (fully) read: unreadable files and folders, FIFOs, sockets and devices in a tree,
  // archives beyond max_archive_bytes, broken archives too large to rescan. A scan with any of
  // these is incomplete and must not pass as clean.
  std::vector<Unread> unread;
  std::vector<std::string> missing;  // paths that do not exist (nothing else is scanned for them)
  std::vector<Unread> unsupported;   // paths that are no folder nor regular file ("a FIFO"); nothing is scanned
  std::size_t allowed = 0;           // findings hidden by allowed_fingerprints
  ScanProgress scanned;
};

// Files are named relative to their PATH ('/'-separated; a PATH that is a file by its own name);
// with several PATHs each name is prefixed with its PATH as given. Archive members read
// "dist/plugin.zip!/lib/config.php"; history findings carry the blob's path and commit, and a
// leak both in the working tree and in history is one finding with its commit.
ScanReport scan(const ScanRequest& request);

// One in-memory text (a step log, a response body) under `name`.
std::vector<Finding> scan_text(std::string_view name, std::string_view text, const std::vector<std::string>& secrets);

}  // namespace cldcert::scan
