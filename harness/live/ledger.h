// The crash-safe record of what live runs created: one file per run in the user's state folder, a line
// per resource appended and fsync'd as soon as the run learns of it, so a run killed outright (kill -9, a
// machine that died) leaves the list behind for `cldcert live-cleanup`. Never a secret in it.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/live/created_resources.h"

namespace cldcert::live {

// Overrides the ledgers' folder (tests, or a machine whose home is read-only).
inline constexpr std::string_view kStateDirVariable = "CLDCERT_STATE_DIR";

// $CLDCERT_STATE_DIR, else $XDG_STATE_HOME/cldcert/live, else $HOME/.local/state/cldcert/live; "" when
// none is set (null or empty). The arguments are the variables' values, so tests need no environment.
std::filesystem::path ledger_folder(const char* state_dir, const char* xdg_state_home, const char* home);
// The same from this process's environment.
std::filesystem::path ledger_folder();

// Which files of the folder are cldcert's: "<run id>.jsonl" (its run id, else "") and a rewrite's temporary
// "<run id>.jsonl.tmp-<pid>". The folder may be one the user named (CLDCERT_STATE_DIR) and hold their own
// files: a sweep never reads, rewrites or removes any other.
std::string run_id_of_ledger(const std::filesystem::path& file);
bool is_ledger_temporary(const std::filesystem::path& file);

struct LedgerEntry {
  std::string run_id;
  CreatedResource resource;
  bool operator==(const LedgerEntry&) const = default;
};

// One JSON object per line: run, cloud, kind (asset | upload_preset | named_transformation), resource_type,
// type, name. parse_ledger_line gives nullopt for a line it cannot read (a torn last line of a crash).
std::string ledger_line(const LedgerEntry& entry);
std::optional<LedgerEntry> parse_ledger_line(std::string_view line);

// A ledger file opened and locked (flock) for as long as this lives: the run holds its own so a concurrent
// sweep leaves it alone, and the sweep holds each it works on. Rewrites go through a locked temporary file
// renamed over the ledger, so a crash never leaves half a ledger and the lock never lapses.
class LockedLedger {
 public:
  // Creates the file (and its folder, mode 0700) when `create`; nullopt when the file is locked by another
  // process or (without `create`) is gone. Throws std::runtime_error naming the file when it cannot be used.
  static std::optional<LockedLedger> open(const std::filesystem::path& file, bool create);
  LockedLedger(LockedLedger&& other) noexcept;
  LockedLedger& operator=(LockedLedger&& other) noexcept;
  ~LockedLedger();

  const std::filesystem::path& file() const { return file_; }
  // The lines that parse, and how many did not.
  std::vector<LedgerEntry> read(std::size_t* unreadable = nullptr) const;
  // Appends and fsyncs. Throws std::runtime_error naming the file.
  void append(const LedgerEntry& entry);
  // Leaves exactly `entries` in the file (none: an empty file, still locked).
  void rewrite(const std::vector<LedgerEntry>& entries);
  // Removes the file (while still locked, so no sweep reads it half-way) and releases it.
  void remove();
  bool removed() const { return fd_ < 0; }

 private:
  LockedLedger(std::filesystem::path file, int fd) : file_(std::move(file)), fd_(fd) {}
  std::filesystem::path file_;
  int fd_ = -1;
};

// One run's ledger, `<folder>/<run id>.jsonl`, kept (and locked: the run is in progress) from the first
// moment of the run to its end: what the run learns it created is recorded at once; after each clean-up
// only what is still in a cloud stays; at the end the file goes when nothing is left. Thread-safe.
class RunLedger {
 public:
  // Throws std::runtime_error naming the file or folder when it cannot be created and locked, or when
  // the file is there already (then it is not this run's, and the run must not append to it, nor remove it).
  RunLedger(const std::filesystem::path& folder, std::string run_id);

  const std::filesystem::path& file() const { return file_; }
  const std::string& run_id() const { return run_id_; }
  // "" or why it could not be recorded (the run goes on: the tag still marks the asset).
  std::string record(const CreatedResource& resource);
  // After a clean-up: `deleted` are gone from the clouds. "" or why the file could not be rewritten.
  std::string settle(const std::vector<CreatedResource>& deleted);
  // The run's end: the file is removed when nothing is left in it, else kept (and unlocked) for
  // `cldcert live-cleanup`. Also on destruction. "" or why not.
  std::string close();
  ~RunLedger() { close(); }

 private:
  std::mutex mutex_;
  std::string run_id_;
  std::filesystem::path file_;
  std::optional<LockedLedger> ledger_;  // empty or removed() once everything recorded was deleted
  std::vector<CreatedResource> open_;   // recorded, not yet deleted
};

}  // namespace cldcert::live
