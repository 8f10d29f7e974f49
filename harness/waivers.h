// --waivers FILE: known failures a team accepts for now, each with a check, a scenario, a reason
// and an expiry date. Applied ones show as "waived"; expired or stale ones fail the run, so they cannot rot.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/scenario_run.h"

namespace cldcert {

struct Waiver {
  std::string check;
  std::string scenario;
  std::string reason;
  std::string expires;  // YYYY-MM-DD, the last day it holds
  // applied (a failure it accepts) | expired (past its date) | stale (its check did not fail) |
  // not_run (its scenario was not part of this run, e.g. --only or --shard)
  std::string status;
};

struct WaiverError : std::runtime_error {
  explicit WaiverError(std::vector<std::string> problems);
  std::vector<std::string> problems;
};

// {"waivers": [{"check", "scenario", "reason", "expires"}]}; every problem named by JSON pointer.
// `bytes`, when given, receives the file as it was read (what the bundle's plan/ keeps).
std::vector<Waiver> load_waivers(const std::filesystem::path& path, std::string* bytes = nullptr);
std::vector<Waiver> parse_waivers(const nlohmann::json& doc, const std::string& source);

// Refuses (WaiverError, by JSON pointer, with the closest known id) a waiver that could never
// apply: an unknown scenario id, an unknown check id, or a check its scenario does not run.
// `scenarios` are all the run knows (a waiver for one left out by --only or --shard is fine).
void check_waiver_targets(const std::vector<Waiver>& waivers, const std::vector<Scenario>& scenarios,
                          const std::string& source);

// Marks each waiver's status and turns the failures it covers into Verdict::kWaived (an error is
// never waived: it means cldcert could not judge). `today` is YYYY-MM-DD (UTC).
void apply_waivers(std::vector<Waiver>& waivers, std::vector<ScenarioOutcome>& outcomes, const std::string& today);

// What a waived check's message starts with: "waived until <expires> (<reason>): ".
std::string waived_prefix(const std::string& expires, const std::string& reason);

// True when no waiver is expired or stale.
bool waivers_hold(const std::vector<Waiver>& waivers);
nlohmann::json waivers_json(const std::vector<Waiver>& waivers);

// The waivers of a sharded run from each shard's waivers_json(): a waiver is "not_run" in the
// shards that did not run its scenario; the shard that did knows its status. `cldcert merge` and
// `cldcert verify` of a merged bundle.
nlohmann::json merge_waiver_statuses(const std::vector<nlohmann::json>& shard_waivers);

}  // namespace cldcert
