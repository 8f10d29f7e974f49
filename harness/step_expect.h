// What a scenario step's exit may be (its "expect"): which exits are the integration's own answer,
// judged by the checks, and which mean the run could not go on (an error of the scenario).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cldcert {

struct StepExpect {
  enum class Kind {
    kSuccess,           // exit 0; any other exit stops the scenario as an error
    kRefusal,           // the integration must refuse (non-zero exit, a message, no traffic); exit 0 is a
                        // finding for the checks, not an error: either way the scenario goes on
    kSuccessOrRefusal,  // doing nothing and refusing are both right (an action while disabled)
    kExitCodes,         // any of `exit_codes` (an integration with documented exit codes)
  };
  Kind kind = Kind::kSuccess;
  std::vector<int> exit_codes = {};  // kExitCodes only

  // Whether the step may exit with `exit_code` and the scenario go on.
  bool allows(int exit_code) const;
  bool wants_refusal() const { return kind == Kind::kRefusal; }
  bool operator==(const StepExpect&) const = default;
};

// The scenario syntax, also used in evidence: "success", "refusal" ("failure", its former name,
// is read as "refusal"), "success_or_refusal", or {"exit_codes": [0, 3]}.
nlohmann::json step_expect_to_json(const StepExpect& expect);
// nullopt when `json` is none of the above (kStepExpectForms lists them, for messages).
std::optional<StepExpect> step_expect_from_json(const nlohmann::json& json);
extern const char* const kStepExpectForms;

// "refusal", "exit 0 or 3": how messages name it.
std::string describe(const StepExpect& expect);

}  // namespace cldcert
