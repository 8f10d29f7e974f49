// Where cldcert finds the files it runs besides itself (reports/render.py, harness/browser/browse.js):
// a folder named in the environment, the share folder of an installed cldcert, or its source tree.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

namespace cldcert {

// One run-time folder and where each kind of cldcert keeps it.
struct RuntimeFolder {
  const char* env_override;    // e.g. "CLDCERT_REPORTS_DIR": the user's choice comes first
  std::string_view installed;  // under <prefix>/share/cldcert of an installed cldcert (<prefix>/bin/cldcert)
  std::string_view in_source;  // under the source tree this binary was built from (a clone's build/cldcert)
};

// The run-time folders shipped with cldcert.
inline constexpr RuntimeFolder kReportsFolder{"CLDCERT_REPORTS_DIR", "reports", "reports"};
inline constexpr RuntimeFolder kBrowserFolder{"CLDCERT_BROWSER_DIR", "browser", "harness/browser"};

// Where to look, in order: $env_override (when set), <executable's folder>/<installed> (a binary copied
// beside its files), the share folder of an installed `executable`, then the source tree.
std::vector<std::filesystem::path> runtime_folder_candidates(const RuntimeFolder& folder,
                                                             const std::filesystem::path& executable);

// The first candidate holding `marker` (a file the folder cannot be without), for the running binary
// or the given one; nullopt when none does.
std::optional<std::filesystem::path> find_runtime_folder(const RuntimeFolder& folder, std::string_view marker,
                                                         const std::filesystem::path& executable = {});

}  // namespace cldcert
