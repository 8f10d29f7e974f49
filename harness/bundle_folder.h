// The folder a bundle is written to (`run --out`, `merge OUT`): cldcert only ever replaces its own
// bundles, and writes a new one beside the old, swapping it in at the end so a failed run loses nothing.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "harness/bundle.h"

namespace cldcert {

// A path the output folder must neither be nor contain, and what it is ("the integration's folder").
struct ProtectedPath {
  std::filesystem::path path;
  std::string what;
};

// Empty when a bundle may be written at `out`: nothing there, an empty folder, or a cldcert bundle
// whose MANIFEST.sha256 accounts for every file in it (with the marker, or from before the marker):
// a file someone added to a bundle is theirs, and refuses the folder.
// Otherwise one line naming the path and why cldcert refuses to replace it.
std::string check_output_folder(const std::filesystem::path& out, const std::vector<ProtectedPath>& protect);

// A new bundle under construction in a hidden sibling of its destination (.<name>.cldcert-tmp-XXXXXX),
// holding the marker from the start. commit() swaps it into place and removes the previous bundle;
// destroyed uncommitted, it is removed and the destination stays as it was.
class StagedBundle {
 public:
  explicit StagedBundle(std::filesystem::path destination);
  ~StagedBundle();
  StagedBundle(const StagedBundle&) = delete;
  StagedBundle& operator=(const StagedBundle&) = delete;

  const std::filesystem::path& folder() const { return staged_; }
  void commit();

 private:
  std::filesystem::path destination_;
  std::filesystem::path staged_;
  bool committed_ = false;
};

}  // namespace cldcert
