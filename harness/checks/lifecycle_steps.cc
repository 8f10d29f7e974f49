#include "harness/checks/lifecycle_steps.h"

namespace cldcert {

Snapshot snapshot(const CheckInput& input, const std::string& label) {
  for (const auto& step : input.steps) {
    if (step.action == "cldcert.snapshot" && step_arg(step, "label") == label) {
      return {&step, tree_snapshot_from_json(step.last_json)};
    }
  }
  return {};
}

bool is_lifecycle_action(const std::string& action) {
  return action == "install" || action == "update" || action == "uninstall";
}

const StepRecord* nth_step(const CheckInput& input, const std::string& action, int n) {
  for (const auto& step : input.steps) {
    if (step.action == action && n-- == 0) return &step;
  }
  return nullptr;
}

const StepRecord* health_after(const CheckInput& input, const StepRecord& after) {
  for (const auto& step : input.steps) {
    if (step.index <= after.index) continue;
    if (is_lifecycle_action(step.action)) return nullptr;
    if (step.action == "cldcert.health" && step.error.empty() && step.last_json.is_object()) return &step;
  }
  return nullptr;
}

bool healthy(const StepRecord& health) { return health.last_json.value("healthy", false); }

std::string health_output(const StepRecord& health) {
  std::string out = health.last_json.value("output", "");
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return "exit " + std::to_string(health.last_json.value("exit_code", -1)) + (out.empty() ? "" : ": " + out);
}

std::string tail(const std::string& text, std::size_t n) {
  return text.size() <= n ? text : "…" + text.substr(text.size() - n);
}

}  // namespace cldcert
