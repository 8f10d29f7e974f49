// Every regular file under a root, in a stable order, for the scanner. Ignore files are NOT
// honoured (a shipped ignored file still leaks); .git folders are left to the history reader.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace cldcert::scan {

// Calls on_file(path, relative) for each regular file below `root` (or for `root` itself when it
// is a file, with relative = its file name), directory entries sorted by name. Symbolic links are
// not followed (a link out of the tree is not the tree's content; a link loop never ends).
// Directories that cannot be listed are passed to warn and skipped.
void walk_files(const std::filesystem::path& root,
                const std::function<void(const std::filesystem::path&, const std::string& relative)>& on_file,
                const std::function<void(const std::string&)>& warn);

}  // namespace cldcert::scan
