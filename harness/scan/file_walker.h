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
// What is not read is passed to on_unread(relative, reason) and skipped: directories that cannot
// be listed, and FIFOs, sockets and devices (opening a FIFO would wait for a writer forever; a
// device may never end).
// on_repository(folder, relative), when given, is called for each folder below `root` that holds a
// git repository of its own (a .git folder, or the .git file of a submodule or worktree): a vendored
// clone's history ships with it.
void walk_files(
    const std::filesystem::path& root,
    const std::function<void(const std::filesystem::path&, const std::string& relative)>& on_file,
    const std::function<void(const std::string& relative, const std::string& reason)>& on_unread,
    const std::function<void(const std::filesystem::path&, const std::string& relative)>& on_repository = {});

// "a FIFO", "a socket", "a character device", "a block device" or "not a regular file".
std::string file_kind(std::filesystem::file_type type);

}  // namespace cldcert::scan
