// cldcert's scratch folders (scenario work folders, mock data dirs, staged bundles): each is tracked
// while it exists, so whatever ends the process can remove it, and carries an owner file naming the
// process that made it, so a later run can tell the leftovers of a killed run from a live run's.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace cldcert::mock {

// The owner file in every folder make_owned_temp_folder creates: "<pid> <start time in clock ticks>".
inline constexpr const char* kTempFolderOwnerFile = ".cldcert-owner";

// Creates <temp directory>/<prefix>XXXXXX with an owner file naming this process, and tracks it.
// Throws std::runtime_error when it cannot.
std::filesystem::path make_owned_temp_folder(std::string_view prefix);

// Tracking: the folders this process must not leave behind. untrack before moving a folder somewhere
// it must stay (a staged bundle swapped into place).
void track_temp_folder(const std::filesystem::path& folder);
void untrack_temp_folder(const std::filesystem::path& folder);
std::vector<std::filesystem::path> tracked_temp_folders();

// Said first on the way out on a signal, before the integration's processes are stopped: from then
// on writers of scratch and bundle files stop (temp_files_stopping() is true), so nothing is written
// into a folder the signal path is about to remove, where it would be left behind.
void stop_temp_file_writes();
bool temp_files_stopping();

// Untracks and removes one folder, or every tracked one (the way out on a signal).
void remove_owned_temp_folder(const std::filesystem::path& folder);
void remove_tracked_temp_folders();

// Told of every track (true) and untrack (false), e.g. to forward them to a process that outlives a
// crash. Called under the tracking lock, so it must not call back into this unit.
using TempFolderListener = void (*)(bool tracked, const std::filesystem::path& folder);
void set_temp_folder_listener(TempFolderListener listener);

// A process's start time in clock ticks since boot (/proc/<pid>/stat), which tells a live owner from
// an unrelated process that reused its pid; nullopt when no such process runs.
std::optional<std::uint64_t> process_start_time(int pid);

// Whether the process named by `folder`'s owner file still runs; nullopt when there is no readable
// owner file (the folder is not ours to judge).
std::optional<bool> temp_folder_owner_alive(const std::filesystem::path& folder);

}  // namespace cldcert::mock

namespace cldcert::mock {

// At start-up: every <temp directory>/<prefix>* folder whose owner file names a process that no longer
// runs is a killed run's leftover; says so on `log` (one line each, with its size) and removes it.
// Folders without an owner file are only mentioned, never removed: cldcert cannot tell they are its own;
// folders of another user are passed over.
void remove_stale_temp_folders(const std::vector<std::string>& prefixes, std::ostream& log);

}  // namespace cldcert::mock
