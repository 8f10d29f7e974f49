// `cldcert list`: the scenarios and checks this cldcert knows, with their checklist items.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace cldcert {

struct ListOptions {
  std::string scenarios_dir;
};

void add_list_command(CLI::App& app, ListOptions& options);
int run_list(const ListOptions& options);

}  // namespace cldcert
