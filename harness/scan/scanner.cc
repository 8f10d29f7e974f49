#include "harness/scan/scanner.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "harness/scan/archive_reader.h"
#include "harness/scan/file_walker.h"
#include "harness/scan/git_history.h"
#include "harness/scan/mapped_file.h"
#include "harness/scan/stream_scanner.h"
#include "harness/scan/text_scanner.h"

namespace cldcert::scan {
namespace fs = std::filesystem;
namespace {

class Scan {
 public:
  Scan(const ScanRequest& request, ScanReport& report)
      : request_(request),
        report_(report),
        text_(request.secrets, request.patterns),
        allowed_(request.allowed_fingerprints.begin(), request.allowed_fingerprints.end()) {}

  void path(const fs::path& root, const std::string& prefix) {
    std::vector<Finding> tree;
    std::vector<std::pair<fs::path, std::string>> nested_repositories;
    walk_files(
        root,
        [&](const fs::path& file, const std::string& relative) {
          MappedFile mapped(file);
          if (!mapped.ok()) {
            unread(prefix + relative, "cannot read: " + mapped.error());
            return;
          }
          this->file(prefix + relative, mapped, tree);
        },
        [&](const std::string& relative, const std::string& reason) { unread(prefix + relative, reason); },
        [&](const fs::path& dir, const std::string& relative) { nested_repositories.emplace_back(dir, relative); });
    if (request_.history && is_git_repository(root)) history(root, prefix, tree);
    // A vendored clone or a submodule carries its own history, which ships with the tree.
    for (const auto& [dir, relative] : nested_repositories) {
      if (request_.history) history(dir, prefix + relative + "/", tree);
    }
    for (auto& f : tree) keep(std::move(f));
  }

 private:
  void file(const std::string& name, const MappedFile& mapped, std::vector<Finding>& out) {
    const auto& data = mapped.data();
    const bool whole = data.size() == 1 && data[0].size() == mapped.bytes().size();
    if (whole || mapped.bytes().empty() || (request_.archives && looks_like_archive(mapped.bytes()))) {
      buffer(name, "", mapped.bytes(), 0, out);
      return;
    }
    // A sparse file: only its data is read; holes hold no newline, so lines still count right.
    ++report_.scanned.files;
    StreamScanner stream(name, text_, kStreamOverlapBytes);
    std::size_t at = 0;
    for (std::string_view extent : data) {
      const auto start = static_cast<std::size_t>(extent.data() - mapped.bytes().data());
      stream.skip(start - at);
      stream.feed(extent);
      at = start + extent.size();
      count_bytes(extent.size());
    }
    for (auto& f : stream.finish()) out.push_back(std::move(f));
  }

  // Bytes held whole: a file, a small archive member, a git blob.
  void buffer(const std::string& name, const std::string& commit, std::string_view bytes, int depth,
              std::vector<Finding>& out, ArchiveBudget* budget = nullptr) {
    ++report_.scanned.files;
    count_bytes(bytes.size());
    if (request_.archives && depth < kMaxArchiveDepth && looks_like_archive(bytes)) {
      ArchiveBudget own(request_.max_archive_bytes);
      if (!budget) budget = &own;
      std::vector<Finding> members;
      const MemberHandler on_member = [&](const std::string& m, MemberReader& reader) {
        member(name + "!/" + m, commit, reader, depth + 1, *budget, members);
      };
      std::string error = read_archive(bytes, on_member, *budget);
      out.insert(out.end(), members.begin(), members.end());
      if (error.empty()) return;
      if (budget->exhausted) {
        if (budget == &own) unread(name, over_budget());
        return;
      }
      // A damaged archive may still carry its secrets in the clear (stored members, a stub).
      warn("broken archive " + name + ": " + error + "; scanned as plain bytes");
    }
    for (auto& f : text_.scan(name, bytes)) {
      f.commit = commit;
      out.push_back(std::move(f));
    }
  }

  // An archive member, pulled from its archive: held whole when small, else streamed in blocks
  // (a nested archive read straight from its parent), so a bomb never sits in memory.
  void member(const std::string& name, const std::string& commit, MemberReader& reader, int depth,
              ArchiveBudget& budget, std::vector<Finding>& out) {
    const StreamPull pull = [&](char* into, std::size_t size) { return reader.read(into, size); };
    // Grown as the member proves long: most members are small, and zeroing a whole block for each costs.
    std::string block;
    for (std::size_t want = 64 << 10; block.size() < kStreamBlockBytes; want *= 2) {
      const std::size_t had = block.size();
      block.resize(std::min(want, kStreamBlockBytes));
      block.resize(had + pull_fully(pull, block.data() + had, block.size() - had));
      if (block.size() < std::min(want, kStreamBlockBytes)) break;
    }
    if (block.size() < kStreamBlockBytes) {
      buffer(name, commit, block, depth, out, &budget);
      return;
    }
    ++report_.scanned.files;
    if (request_.archives && depth < kMaxArchiveDepth && looks_like_archive(block)) {
      bool first = true;
      const ArchiveBytes next = [&]() -> std::string_view {
        std::size_t n = first ? block.size() : reader.read(block.data(), block.size());
        first = false;
        count_bytes(n);
        return {block.data(), n};
      };
      const MemberHandler on_member = [&](const std::string& m, MemberReader& inner) {
        member(name + "!/" + m, commit, inner, depth + 1, budget, out);
      };
      std::string error = read_archive(next, on_member, budget);
      if (!error.empty() && !budget.exhausted) unread(name, "broken archive (" + error + "); the rest not scanned");
      return;
    }
    StreamScanner stream(name, text_, kStreamOverlapBytes);
    for (std::size_t n = block.size(); n > 0; n = pull_fully(pull, block.data(), block.size())) {
      stream.feed(std::string_view(block.data(), n));
      count_bytes(n);
    }
    for (auto& f : stream.finish()) {
      f.commit = commit;
      out.push_back(std::move(f));
    }
  }

  std::string over_budget() const {
    return "archive holds more than " + std::to_string(request_.max_archive_bytes >> 20) +
           " MiB once decompressed (an archive bomb?); the rest not scanned";
  }

  void count_bytes(std::size_t n) {
    report_.scanned.bytes += n;
    if (request_.on_progress) request_.on_progress(report_.scanned);
  }

  void history(const fs::path& root, const std::string& prefix, std::vector<Finding>& tree) {
    std::vector<Finding> past;
    HistoryResult result = read_history(root, [&](const HistoryBlob& blob, std::string_view content) {
      // A commit's or tag's own text (author, committer, message) is named after the repository.
      buffer(prefix + (blob.metadata ? ".git" : blob.path), blob.commit, content, 0, past);
    });
    if (!result.error.empty()) warn("git history of " + root.string() + ": " + result.error);
    if (!result.has_commits && result.error.empty())
      warn(root.string() + " is a git repository with no history (no commits)");
    // The working tree's copy of a committed leak is the same leak: it gets the commit, once.
    for (auto& old : past) {
      auto same = std::find_if(tree.begin(), tree.end(), [&](const Finding& f) {
        return std::tie(f.file, f.line, f.column, f.fingerprint) ==
               std::tie(old.file, old.line, old.column, old.fingerprint);
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
  void unread(std::string file, std::string reason) { report_.unread.push_back({std::move(file), std::move(reason)}); }

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
    auto status = fs::status(p, ec);
    if (!fs::exists(status))
      report.missing.push_back(p.string());
    else if (!fs::is_directory(status) && !fs::is_regular_file(status))
      report.unsupported.push_back({p.string(), file_kind(status.type())});
  }
  if (!report.missing.empty() || !report.unsupported.empty()) return report;
  Scan scan(request, report);
  for (const auto& p : request.paths) {
    std::string prefix;
    if (request.paths.size() > 1 && fs::is_directory(p))
      prefix = p.generic_string() + (p.generic_string().ends_with("/") ? "" : "/");
    if (request.paths.size() > 1 && !fs::is_directory(p))
      prefix = p.parent_path().generic_string().empty() ? "" : p.parent_path().generic_string() + "/";
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
