#include "harness/scan/scanner.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "harness/scan/archive_reader.h"
#include "harness/scan/file_walker.h"
#include "harness/scan/git_history.h"
#include "harness/scan/mapped_file.h"
#include "harness/scan/text_scanner.h"

namespace cldcert::scan {
namespace fs = std::filesystem;
namespace {

class Scan {
 public:
  Scan(const ScanRequest& request, ScanReport& report)
      : request_(request), report_(report), text_(request.secrets, request.patterns),
        allowed_(request.allowed_fingerprints.begin(), request.allowed_fingerprints.end()) {}

  void path(const fs::path& root, const std::string& prefix) {
    std::vector<Finding> tree;
    walk_files(
        root,
        [&](const fs::path& file, const std::string& relative) {
          MappedFile mapped(file);
          if (!mapped.ok()) {
            warn("cannot read " + file.string() + ": " + mapped.error());
            return;
          }
          buffer(prefix + relative, "", mapped.bytes(), 0, tree);
        },
        [&](const std::string& w) { warn(w); });
    if (request_.history && is_git_repository(root)) history(root, prefix, tree);
    for (auto& f : tree) keep(std::move(f));
  }

 private:
  void buffer(const std::string& name, const std::string& commit, std::string_view bytes, int depth,
              std::vector<Finding>& out) {
    ++report_.scanned.files;
    report_.scanned.bytes += bytes.size();
    if (request_.on_progress) request_.on_progress(report_.scanned);
    if (request_.archives && depth < kMaxArchiveDepth && looks_like_archive(bytes)) {
      std::vector<Finding> members;
      std::string error = read_archive(
          bytes,
          [&](const std::string& member, std::string_view content) {
            buffer(name + "!/" + member, commit, content, depth + 1, members);
          },
          [&](const std::string& w) { warn(name + ": " + w); });
      if (error.empty()) {
        out.insert(out.end(), members.begin(), members.end());
        return;
      }
      // A damaged archive may still carry its secrets in the clear (stored members, a stub).
      warn("broken archive " + name + ": " + error + "; scanned as plain bytes");
      out.insert(out.end(), members.begin(), members.end());
    }
    for (auto& f : text_.scan(name, bytes)) {
      f.commit = commit;
      out.push_back(std::move(f));
    }
  }

  void history(const fs::path& root, const std::string& prefix, std::vector<Finding>& tree) {
    std::vector<Finding> past;
    HistoryResult result = read_history(root, [&](const HistoryBlob& blob, std::string_view content) {
      buffer(prefix + blob.path, blob.commit, content, 0, past);
    });
    if (!result.error.empty()) warn("git history of " + root.string() + ": " + result.error);
    if (!result.has_commits && result.error.empty()) warn(root.string() + " is a git repository with no history (no commits)");
    // The working tree's copy of a committed leak is the same leak: it gets the commit, once.
    for (auto& old : past) {
      auto same = std::find_if(tree.begin(), tree.end(), [&](const Finding& f) {
        return std::tie(f.file, f.line, f.column, f.fingerprint) == std::tie(old.file, old.line, old.column, old.fingerprint);
      });
      if (same == tree.end()) {
        tree.push_back(std::move(old));
      } else if (same->commit.empty()) {
        same->commit = old.commit;
      } else if (same->commit != old.commit) {
        tree.push_back(std::move(old));
      }
    }
  }

  void keep(Finding f) {
    if (allowed_.count(f.fingerprint)) {
      ++report_.allowed;
      return;
    }
    report_.findings.push_back(std::move(f));
  }

  void warn(std::string w) { report_.warnings.push_back(std::move(w)); }

  const ScanRequest& request_;
  ScanReport& report_;
  TextScanner text_;
  std::set<std::string> allowed_;
};

}  // namespace

ScanReport scan(const ScanRequest& request) {
  ScanReport report;
  for (const auto& p : request.paths) {
    std::error_code ec;
    if (!fs::exists(p, ec)) report.missing.push_back(p.string());
  }
  if (!report.missing.empty()) return report;
  Scan scan(request, report);
  for (const auto& p : request.paths) {
    std::string prefix;
    if (request.paths.size() > 1 && fs::is_directory(p)) prefix = p.generic_string() + (p.generic_string().ends_with("/") ? "" : "/");
    if (request.paths.size() > 1 && !fs::is_directory(p)) prefix = p.parent_path().generic_string().empty() ? "" : p.parent_path().generic_string() + "/";
    scan.path(p, prefix);
  }
  std::sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.file, a.line, a.column, a.commit, a.rule) < std::tie(b.file, b.line, b.column, b.commit, b.rule);
  });
  return report;
}

std::vector<Finding> scan_text(std::string_view name, std::string_view text, const std::vector<std::string>& secrets) {
  return TextScanner(secrets).scan(name, text);
}

}  // namespace cldcert::scan
