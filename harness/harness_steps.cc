#include "harness/harness_steps.h"

#include "harness/steps/host_steps.h"
#include "harness/steps/browser_steps.h"
#include "harness/steps/code_survey_step.h"
#include "harness/steps/docs_step.h"
#include "harness/steps/mock_steps.h"
#include "harness/steps/secret_scan_step.h"

namespace cldcert {
namespace {

bool whole_number(const std::string& text) {
  return !text.empty() && text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

// The table of harness steps: a new one is a function in harness/steps/ and a row here.
const std::vector<HarnessStepDefinition>& harness_steps() {
  static const std::vector<HarnessStepDefinition> kSteps = {
      {"cldcert.fault",
       {{"family", "an API family: \"upload\", \"delete\", \"admin\" or \"delivery\""},
        {"path", "a path glob such as \"/v1_1/*/image/upload\""},
        {"status", "an HTTP status such as \"420\"", false, true},
        {"latency_ms", "milliseconds to hold each matching request before answering, a whole number", false, true},
        {"from", "the first matching request to act on, a whole number", false, true},
        {"to", "the last matching request to act on, a whole number", false, true},
        {"reset_in", "seconds until the rate limit resets, a whole number", false, true},
        {"retry_after", "seconds for a Retry-After header (Cloudinary sends none), a whole number", false, true},
        {"method", "an HTTP method or \"*\""}},
       &install_fault},
      {"cldcert.named_transformation",
       {{"name", "a named transformation's name", true},
        {"transformation", "its definition, such as \"c_fill,w_150,h_150\"", true}},
       &define_named_transformation},
      {"cldcert.get", {{"url", "a delivery URL, usually \"{last.url}\"", true}}, &fetch_delivery_url},
      {"cldcert.fill_cloud",
       {{"until", "how many assets the cloud then holds, such as \"25\" or \"{limits.max_listed}+1\"", true},
        {"resource_type", "image"}},
       &fill_cloud},
      {"cldcert.snapshot", {{"label", "a name for the moment, such as \"before_install\"", true}}, &take_host_snapshot},
      {"cldcert.health", {}, &check_host_health},
      {"cldcert.browse",
       {{"chromium", "the path of a Chromium binary (default /usr/bin/chromium)"}},
       &browse_widget_pages},
      {"cldcert.scan_secrets", {{"where", "what to scan: source, history, artifacts or logs", true}}, &scan_secrets},
      {"cldcert.read_docs", {}, &read_docs},
      {"cldcert.survey_code", {}, &survey_code},
  };
  return kSteps;
}

std::vector<std::string> harness_step_actions() {
  std::vector<std::string> out;
  for (const auto& s : harness_steps()) out.push_back(s.action);
  return out;
}

bool is_harness_step(std::string_view action) { return action.starts_with("cldcert."); }

std::vector<std::string> harness_step_problems(std::string_view action, const HarnessStepArgs& args) {
  const HarnessStepDefinition* definition = nullptr;
  for (const auto& s : harness_steps()) {
    if (s.action == action) definition = &s;
  }
  if (!definition) {
    std::string known;
    for (const auto& a : harness_step_actions()) known += (known.empty() ? "" : ", ") + a;
    return {"action: expected a harness step (" + known + "), found \"" + std::string(action) + "\""};
  }
  std::vector<std::string> problems;
  for (const auto& arg : definition->args) {
    auto it = args.find(arg.name);
    if (it == args.end()) {
      if (arg.required) problems.push_back("args/" + arg.name + ": expected " + arg.expected + ", found nothing");
    } else if (arg.number && !whole_number(it->second)) {
      problems.push_back("args/" + arg.name + ": expected " + arg.expected + ", found \"" + it->second + "\"");
    }
  }
  for (const auto& [name, value] : args) {
    bool known = false;
    for (const auto& arg : definition->args) known = known || arg.name == name;
    if (!known)
      problems.push_back("args/" + name + ": expected no such argument for " + definition->action + ", found \"" +
                         value + "\"");
  }
  return problems;
}

HarnessStepResult run_harness_step(std::string_view action, const HarnessStepArgs& args,
                                   const HarnessStepContext& context) {
  if (auto problems = harness_step_problems(action, args); !problems.empty()) return {problems.front(), nullptr};
  for (const auto& s : harness_steps()) {
    if (s.action == action) return s.run(args, context);
  }
  return {"unknown harness step " + std::string(action), nullptr};
}

}  // namespace cldcert
