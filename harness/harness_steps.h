// Steps the harness performs itself against the scenario's mock ("cldcert.fault",
// "cldcert.named_transformation", "cldcert.get"): conditions no integration action can stage.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/accounts.h"
#include "mocks/mock_cloudinary.h"

namespace cldcert {

bool is_harness_step(std::string_view action);
const std::vector<std::string>& harness_step_actions();

// Problems with a harness step's arguments, each "args/NAME: expected …, found …"; empty when fine.
std::vector<std::string> harness_step_problems(std::string_view action, const std::map<std::string, std::string>& args);

struct HarnessStepResult {
  std::string error;              // "" when the step did what it says
  nlohmann::json output = nullptr;  // what it reports, as an action's last-line JSON
};

// `cloud` is the scenario's current cloud; `mock_url` the mock's loopback base URL.
HarnessStepResult run_harness_step(std::string_view action, const std::map<std::string, std::string>& args,
                                   mock::MockCloudinary& mock, const mock::Cloud& cloud, const std::string& mock_url);

}  // namespace cldcert
