// Every blob a git repository's history holds, reachable from any ref, with the commit that first
// added it and its path there (a secret committed and later removed is still a leak), and every
// commit and annotated tag object (author, committer, tagger, message).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace cldcert::scan {

struct HistoryBlob {
  std::string sha;
  std::string path;    // where the introducing commit put it ('/'-separated)
  std::string commit;  // the oldest commit whose diff adds it; empty when only a merge did
  // A commit or annotated tag object rather than a file's content: `commit` is its own id, `path`
  // empty, and the content reads as `git cat-file -p` shows it (headers, a blank line, the message).
  bool metadata = false;
};

// Whether `dir` holds a repository of its own (.git folder or file), as opposed to sitting
// somewhere inside one.
bool is_git_repository(const std::filesystem::path& dir);

struct HistoryResult {
  bool has_commits = false;
  std::size_t blobs = 0;
  std::string error;  // git missing or failing; blobs read before are delivered
};

// Runs `git rev-list --all --objects`, `git log --all --raw` and `git cat-file --batch` in `repo`
// and calls on_blob for each blob, commit and annotated tag with its content, in no particular order.
HistoryResult read_history(const std::filesystem::path& repo,
                           const std::function<void(const HistoryBlob&, std::string_view content)>& on_blob);

}  // namespace cldcert::scan
