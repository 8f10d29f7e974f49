// Test-only: the lifecycle scenario's steps (snapshots of a small platform site, health runs,
// install/update/uninstall) in a few lines, for the tests of the lifecycle, uninstall and update checks.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/checks/check_test_support.h"

namespace cldcert::testing_support {

// A site as path → content; "/" marks a folder.
using Site = std::map<std::string, std::string>;

// The platform before install, and as install leaves it.
extern const Site kBase;
Site installed();

// What cldcert.snapshot prints for `site`, with host.state's result `state` (or null).
nlohmann::json snapshot_json(const std::string& label, const Site& site, const nlohmann::json& state);
nlohmann::json state(const std::string& output, int exit_code = 0);

// The plugin's settings host.state prints.
extern const std::string kSettings;

// The lifecycle scenario's steps; each test changes what it is about.
struct Lifecycle {
  Site after_uninstall = kBase, after_second = kBase;
  std::string state_after_update = kSettings;
  bool healthy_after_update = true, healthy_after_uninstall = true;
  int install_exit = 0;

  Evidence build() const;
  static void snap(Evidence& ev, const std::string& label, const Site& site, const nlohmann::json& st = nullptr);
  static void health(Evidence& ev, bool ok);
};

// Every evidence as "<ref>: <detail>", one a line.
std::string details(const CheckResult& r);

}  // namespace cldcert::testing_support
