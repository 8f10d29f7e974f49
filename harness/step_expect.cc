#include "harness/step_expect.h"

#include <algorithm>

namespace cldcert {

const char* const kStepExpectForms =
    "\"success\", \"refusal\", \"success_or_refusal\" or {\"exit_codes\": [whole numbers from 0 to 255]}";

bool StepExpect::allows(int exit_code) const {
  switch (kind) {
    case Kind::kSuccess: return exit_code == 0;
    case Kind::kRefusal:
    case Kind::kSuccessOrRefusal: return true;
    case Kind::kExitCodes: return std::find(exit_codes.begin(), exit_codes.end(), exit_code) != exit_codes.end();
  }
  return false;
}

nlohmann::json step_expect_to_json(const StepExpect& expect) {
  switch (expect.kind) {
    case StepExpect::Kind::kSuccess: return "success";
    case StepExpect::Kind::kRefusal: return "refusal";
    case StepExpect::Kind::kSuccessOrRefusal: return "success_or_refusal";
    case StepExpect::Kind::kExitCodes: return {{"exit_codes", expect.exit_codes}};
  }
  return nullptr;
}

std::optional<StepExpect> step_expect_from_json(const nlohmann::json& json) {
  StepExpect out;
  if (json == "success") return out;
  if (json == "refusal" || json == "failure") {
    out.kind = StepExpect::Kind::kRefusal;
    return out;
  }
  if (json == "success_or_refusal") {
    out.kind = StepExpect::Kind::kSuccessOrRefusal;
    return out;
  }
  if (!json.is_object() || json.size() != 1 || !json.contains("exit_codes")) return std::nullopt;
  const auto& codes = json["exit_codes"];
  if (!codes.is_array() || codes.empty()) return std::nullopt;
  out.kind = StepExpect::Kind::kExitCodes;
  for (const auto& code : codes) {
    if (!code.is_number_integer() || code.get<long long>() < 0 || code.get<long long>() > 255) return std::nullopt;
    out.exit_codes.push_back(code.get<int>());
  }
  return out;
}

std::string describe(const StepExpect& expect) {
  switch (expect.kind) {
    case StepExpect::Kind::kSuccess: return "success";
    case StepExpect::Kind::kRefusal: return "a refusal";
    case StepExpect::Kind::kSuccessOrRefusal: return "success or a refusal";
    case StepExpect::Kind::kExitCodes: break;
  }
  std::string out = "exit ";
  for (std::size_t i = 0; i < expect.exit_codes.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == expect.exit_codes.size() ? " or " : ", ") + std::to_string(expect.exit_codes[i]);
  }
  return out;
}

}  // namespace cldcert
