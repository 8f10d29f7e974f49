#include "harness/list_command.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "harness/checks/registry.h"
#include "harness/exit_codes.h"
#include "harness/scenario.h"

namespace cldcert {

void add_list_command(CLI::App& app, ListOptions& o) {
  auto* list = app.add_subcommand("list", "List the scenarios and checks, with their checklist items");
  list->add_option("--scenarios", o.scenarios_dir, "A folder of *.scenario.json (default: the built-in scenarios)");
}

int run_list(const ListOptions& o) {
  std::vector<Scenario> scenarios;
  try {
    scenarios = load_scenarios(o.scenarios_dir);
  } catch (const ScenarioError& e) {
    std::cerr << "cldcert list: the scenarios are not valid:\n" << e.what() << "\n";
    return kExitBadInput;
  }
  std::cout << "scenarios:\n";
  for (const auto& s : scenarios) {
    std::string items, needs;
    for (const auto& i : s.checklist) items += (items.empty() ? "" : ",") + i;
    for (const auto& c : s.requires_capabilities) needs += (needs.empty() ? "" : ",") + c;
    std::cout << "  " << s.id << "  [" << items << "] " << s.level << (needs.empty() ? "" : "; needs " + needs)
              << "\n      " << s.title << "\n";
  }
  std::cout << "checks:\n";
  for (const auto& c : all_checks()) {
    std::cout << "  " << c.id << "  [" << c.item << "] " << c.level << "\n      " << c.title << "\n";
  }
  return kExitOk;
}

}  // namespace cldcert
