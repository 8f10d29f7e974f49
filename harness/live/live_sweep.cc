#include "harness/live/live_sweep.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "harness/live/admin_client.h"
#include "harness/live/ledger.h"
#include "harness/live/live_cleanup.h"
#include "harness/live/run_tag.h"
#include "mocks/percent_encode.h"

namespace cldcert::live {
namespace {

namespace fs = std::filesystem;

constexpr const char* kResourceTypes[] = {"image", "video", "raw"};

struct OpenLedger {
  LockedLedger ledger;
  std::vector<LedgerEntry> entries;
};

// Every ledger not locked by a running run, locked now; the locked ones' run ids go to `in_progress`.
std::vector<OpenLedger> open_ledgers(const fs::path& folder, bool dry_run, std::set<std::string>& in_progress,
                                     std::vector<std::string>& problems) {
  std::vector<OpenLedger> out;
  std::error_code ec;
  if (folder.empty() || !fs::is_directory(folder, ec)) return out;
  std::vector<fs::path> files;
  for (const auto& item : fs::directory_iterator(folder, ec)) {
    if (!run_id_of_ledger(item.path()).empty()) files.push_back(item.path());
    // A rewrite's temporary file that nobody holds: its writer died before renaming it over the ledger,
    // which is still whole. One still locked is being written.
    if (!dry_run && is_ledger_temporary(item.path())) {
      try {
        if (auto stale = LockedLedger::open(item.path(), false)) stale->remove();
      } catch (const std::exception&) {}
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    try {
      auto ledger = LockedLedger::open(file, false);
      if (!ledger) {
        if (fs::exists(file)) in_progress.insert(file.stem().string());
        continue;
      }
      std::size_t unreadable = 0;
      std::vector<LedgerEntry> entries = ledger->read(&unreadable);
      if (unreadable > 0)
        problems.push_back(file.string() + ": " + std::to_string(unreadable) + " line(s) cannot be read (kept)");
      out.push_back({std::move(*ledger), std::move(entries)});
    } catch (const std::exception& e) { problems.push_back(e.what()); }
  }
  return out;
}

// A listing's pages (next_cursor) into `each`; false with `why` when a page was refused.
template <typename Each>
bool each_page(const AdminClient& admin, const std::string& route, std::string query, const char* key, Each&& each,
               std::string& why) {
  std::string cursor;
  do {
    AdminAnswer answer =
        admin.call("GET", route, query + (cursor.empty() ? "" : "&next_cursor=" + mock::percent_encode(cursor)));
    if (answer.status != 200 || !answer.body.is_object() || !answer.body.contains(key) ||
        !answer.body[key].is_array()) {
      why = "GET " + route + " got " + answer.message();
      return false;
    }
    for (const auto& item : answer.body[key]) each(item);
    cursor = answer.body.contains("next_cursor") && answer.body["next_cursor"].is_string()
                 ? answer.body["next_cursor"].get<std::string>()
                 : "";
  } while (!cursor.empty());
  return true;
}

// Whether `run` is going on now: its ledger is there and locked by another process (a run keeps its own
// locked from its start to its end). Asked per tag, as late as possible: a run may have started meanwhile.
bool run_in_progress(const fs::path& folder, const std::string& run, const std::set<std::string>& ours,
                     std::set<std::string>& in_progress) {
  if (in_progress.contains(run)) return true;
  if (ours.contains(run) || folder.empty()) return false;
  const fs::path file = folder / (run + ".jsonl");
  try {
    if (LockedLedger::open(file, false) || !fs::exists(file)) return false;
  } catch (const std::exception&) {
    return false;  // unreadable: not a run that could hold a lock on it
  }
  in_progress.insert(run);
  return true;
}

// The assets of `cloud` under the run tags of runs not in progress.
std::vector<CreatedResource> tagged_assets(const AdminClient& admin, const std::string& cloud,
                                           const std::set<std::string>& ours, std::set<std::string>& in_progress,
                                           const SweepOptions& options, std::vector<std::string>& left) {
  std::vector<CreatedResource> out;
  for (const char* rt : kResourceTypes) {
    std::vector<std::string> tags;
    std::string why;
    const bool listed = each_page(
        admin, std::string("tags/") + rt,
        "prefix=" + mock::percent_encode(std::string(kRunTagPrefix)) + "&max_results=500", "tags",
        [&](const nlohmann::json& tag) {
          if (!tag.is_string()) return;
          const std::string run = run_id_of_tag(tag.get<std::string>());
          if (!run.empty() && !run_in_progress(options.ledger_folder, run, ours, in_progress)) tags.push_back(tag);
        },
        why);
    if (!listed) {
      left.push_back("the " + std::string(rt) + " assets' run tags: " + why);
      continue;
    }
    for (const auto& tag : tags) {
      std::size_t before = out.size();
      const bool found = each_page(
          admin, std::string("resources/") + rt + "/tags/" + mock::percent_encode(tag), "max_results=500", "resources",
          [&](const nlohmann::json& r) {
            if (!r.is_object() || !r.contains("public_id") || !r["public_id"].is_string()) return;
            const std::string type =
                r.contains("type") && r["type"].is_string() ? r["type"].get<std::string>() : "upload";
            out.push_back({CreatedResource::Kind::kAsset, cloud, rt, type, r["public_id"].get<std::string>()});
          },
          why);
      if (!found) left.push_back("the " + std::string(rt) + " assets tagged " + tag + ": " + why);
      if (options.progress)
        options.progress("cloud " + cloud + ": " + std::to_string(out.size() - before) + " " + rt +
                         " asset(s) tagged " + tag);
    }
  }
  return out;
}

}  // namespace

SweepResult sweep_live_clouds(const UpstreamForwarder& upstream, const mock::Accounts& accounts,
                              const SweepOptions& options) {
  SweepResult result;
  std::set<std::string> in_progress;
  std::vector<OpenLedger> ledgers = open_ledgers(options.ledger_folder, options.dry_run, in_progress, result.problems);
  std::set<std::string> ours;  // the runs whose ledger this sweep holds
  for (const auto& l : ledgers) ours.insert(l.ledger.file().stem().string());
  std::vector<CreatedResource> all_not_deleted;
  std::set<std::string> swept_clouds;
  for (const auto& account : accounts.accounts) {
    for (const auto& cloud : account.clouds) {
      if (!swept_clouds.insert(cloud.cloud_name).second) continue;
      CloudSweep swept{cloud.cloud_name, {}, {}};
      AdminClient admin(upstream, cloud);
      if (options.progress) options.progress("cloud " + cloud.cloud_name + ": listing the run tags");
      std::vector<CreatedResource> found =
          tagged_assets(admin, cloud.cloud_name, ours, in_progress, options, swept.left);
      std::size_t from_ledgers = 0;
      for (const auto& l : ledgers) {
        for (const auto& e : l.entries) {
          if (e.resource.cloud != cloud.cloud_name || std::find(found.begin(), found.end(), e.resource) != found.end())
            continue;
          found.push_back(e.resource);
          ++from_ledgers;
        }
      }
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end()), found.end());
      if (options.progress)
        options.progress("cloud " + cloud.cloud_name + ": " + std::to_string(found.size()) + " found (" +
                         std::to_string(from_ledgers) + " only in ledgers)" +
                         (options.dry_run || found.empty() ? "" : "; deleting"));
      std::vector<CreatedResource> not_deleted;
      if (!options.dry_run && !found.empty()) {
        std::vector<std::string> left = delete_created(upstream, accounts, found, &not_deleted);
        swept.left.insert(swept.left.end(), left.begin(), left.end());
      }
      for (const auto& r : found) {
        if (std::find(not_deleted.begin(), not_deleted.end(), r) == not_deleted.end())
          swept.deleted.push_back(describe(r));
      }
      all_not_deleted.insert(all_not_deleted.end(), not_deleted.begin(), not_deleted.end());
      result.clouds.push_back(std::move(swept));
    }
  }
  result.runs_in_progress.assign(in_progress.begin(), in_progress.end());
  std::set<std::string> others;
  for (const auto& l : ledgers) {
    for (const auto& e : l.entries)
      if (!swept_clouds.contains(e.resource.cloud)) others.insert(e.resource.cloud);
  }
  result.other_clouds.assign(others.begin(), others.end());
  if (options.dry_run) return result;
  // What was swept leaves the ledgers; what could not be, and other clouds' lines, stay.
  for (auto& l : ledgers) {
    std::vector<LedgerEntry> keep;
    for (const auto& e : l.entries) {
      if (!swept_clouds.contains(e.resource.cloud) ||
          std::find(all_not_deleted.begin(), all_not_deleted.end(), e.resource) != all_not_deleted.end())
        keep.push_back(e);
    }
    std::size_t unreadable = 0;
    l.ledger.read(&unreadable);
    if (unreadable > 0) continue;  // not rewritten: its unreadable lines are kept for a human to read
    try {
      if (keep.empty())
        l.ledger.remove();
      else
        l.ledger.rewrite(keep);
    } catch (const std::exception& e) { result.problems.push_back(e.what()); }
  }
  return result;
}

}  // namespace cldcert::live
