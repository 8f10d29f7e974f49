// Steps the harness performs itself ("cldcert.fault", "cldcert.get", …), not the integration:
// they stage conditions on the scenario's mock or gather evidence no integration action yields.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/checks/check.h"
#include "harness/manifest.h"
#include "harness/placeholders.h"
#include "mocks/accounts.h"
#include "mocks/mock_cloudinary.h"
#include "mocks/redactor.h"

namespace cldcert {

namespace live {
class LiveRun;
}

// What a harness step may use: the scenario's mock and current cloud, the manifest, the
// scenario's placeholder values ({workdir}, {host_root}, {fixture.X}…), the run's Redactor and
// the steps recorded so far.
struct HarnessStepContext {
  mock::MockCloudinary& mock;
  const mock::Cloud& cloud;
  const std::string& mock_url;
  const Manifest& manifest;
  const PlaceholderValues& values;
  const mock::Redactor& redactor;  // the scenario's secrets, in every spelling
  const std::vector<StepRecord>& steps;
  // A live run (harness/live/): a step staging something in the cloud does it in the real one too.
  live::LiveRun* live;
};

struct HarnessStepResult {
  std::string error;                // "" when the step did what it says
  nlohmann::json output = nullptr;  // what it reports, as an action's last-line JSON: evidence for checks
};

using HarnessStepArgs = std::map<std::string, std::string>;
using HarnessStepFunction = HarnessStepResult (*)(const HarnessStepArgs& args, const HarnessStepContext& context);

struct HarnessArg {
  std::string name;
  std::string expected;  // for messages: "an HTTP status such as \"420\""
  bool required = false;
  bool number = false;  // a whole number
};

struct HarnessStepDefinition {
  std::string action;
  std::vector<HarnessArg> args;
  HarnessStepFunction run = nullptr;
};

bool is_harness_step(std::string_view action);
const std::vector<HarnessStepDefinition>& harness_steps();
std::vector<std::string> harness_step_actions();

// Problems with a harness step's arguments, each "args/NAME: expected …, found …"; empty when fine.
std::vector<std::string> harness_step_problems(std::string_view action, const HarnessStepArgs& args);

HarnessStepResult run_harness_step(std::string_view action, const HarnessStepArgs& args,
                                   const HarnessStepContext& context);

}  // namespace cldcert
