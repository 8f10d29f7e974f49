// Scenarios: one JSON file each (scenarios/*.scenario.json, schema scenarios/scenario.schema.json):
// which checklist items they serve, what they need, the fixtures, the steps and the checks.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/network/tls_handshake.h"
#include "harness/step_expect.h"

namespace cldcert {

struct FixtureSpec {
  std::string name;
  std::string kind = "bytes";  // bytes | mp4 (seeded bytes behind an MP4 "ftyp" header) | png
  std::uint64_t size = 0;      // bytes (kinds bytes and mp4)
  // A size written "{limits.NAME}" or "{limits.NAME}+N": the manifest's declared limit (plus N),
  // resolved when the scenario runs; the fixture is not made when the manifest declares no such limit.
  std::string size_limit;
  std::uint64_t size_plus = 0;
  // A batch: "count" files of this kind in a folder (seeded apart, so each has its own bytes), the
  // fixture's path that folder. Written as a number or "{limits.NAME}" / "{limits.NAME}+N" (resolved
  // when the scenario runs, like a size); 0: one file, the fixture's path that file.
  std::uint64_t count = 0;
  std::string count_limit;
  std::uint64_t count_plus = 0;
  std::string extension;      // kind bytes: the file's extension instead of "bin" (a type an integration refuses)
  int width = 0, height = 0;  // kind png
  std::uint64_t seed = 1;
};

struct ScenarioStep {
  std::string action;  // an action of the manifest, or a harness step ("cldcert.fault", see harness_steps.h)
  std::string cloud;   // alias: primary, primary_sub, secondary, secondary_sub, read_only; "" = the current one
  std::map<std::string, std::string> args;
  // Which exits are the integration's answer for the checks to judge (a refused key, an action
  // while disabled), and which stop the scenario as an error.
  StepExpect expect;
  // Left out, and recorded as skipped, when the manifest has no such action: a library without
  // install or package steps still gets its source and history scanned.
  bool optional = false;
  // A limit of the manifest (limits.NAME, e.g. "max_upload_bytes"): the step exercises it, and is left
  // out (recorded as skipped) when the manifest declares no such limit.
  std::string limit;
  // While the step runs, the network front presents a certificate no client should accept (proxy and
  // sandbox modes; in env mode the step runs without it): network.tls_verified judges what the client did.
  network::TlsProbe tls_probe = network::TlsProbe::kNone;
  // Set on the steps of a {"concurrently": […]} group: the index of the group's first step. They
  // start together and their requests share one journal range.
  std::optional<std::size_t> concurrent_group{};
};

struct Scenario {
  std::string id;
  std::string title;
  std::vector<std::string> checklist;
  std::string level = "required";
  std::set<std::string> requires_capabilities;
  bool large = false;  // moves gigabytes: left out by `cldcert run --skip-large`
  std::vector<FixtureSpec> fixtures;
  std::vector<ScenarioStep> steps;
  std::vector<std::string> checks;
  std::string source;  // file path, or "embedded:<name>"
  std::string digest;  // SHA-256 of the file's bytes
  std::string text;    // the file's bytes as loaded: what a bundle's plan/ keeps, even if the file changes later
};

struct ScenarioError : std::runtime_error {
  explicit ScenarioError(std::vector<std::string> p);
  std::vector<std::string> problems;
};

// "1100MiB", "20MB", "512KiB", "1000" → bytes; nullopt when malformed.
std::optional<std::uint64_t> parse_size(std::string_view text);

Scenario parse_scenario(const std::string& text, const std::string& source);
// From a folder of *.scenario.json, or the scenarios built into the binary when `dir` is empty.
// Every problem of every file is reported at once.
std::vector<Scenario> load_scenarios(const std::filesystem::path& dir);

}  // namespace cldcert
