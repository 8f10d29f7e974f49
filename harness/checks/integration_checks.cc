#include "harness/checks/integration_checks.h"

#include <string>

#include "harness/checks/refusal.h"

namespace cldcert {

CheckResult check_integration_disabled(const CheckInput& input) {
  Findings f(
      "no request to Cloudinary while disabled (a step may do nothing, or refuse with a message on stderr and a "
      "non-zero exit); after enable, the next upload succeeds and reaches Cloudinary");
  bool disabled = false, any_disable = false, awaiting_upload = false;
  std::size_t window_steps = 0;
  std::string after_enable;
  for (const auto& step : input.steps) {
    if (step.action == "disable") {
      disabled = any_disable = true;
      awaiting_upload = false;
      continue;
    }
    if (step.action == "enable") {
      awaiting_upload = awaiting_upload || disabled;
      disabled = false;
      continue;
    }
    if (disabled) {
      ++window_steps;
      for (const auto* e : step_requests(step, input.journal)) {
        if (e->api == "control") continue;  // the harness's own requests
        std::string why = "sent while the integration was disabled";
        f.add(step_ref(step) + " " + describe_request(*e) + ": " + why, request_in_step(*e, step, why));
      }
      // A refusal is a right answer while disabled, if the user learns why.
      if (step.exit_code != 0 && step.error.empty()) {
        for (const auto& problem : refusal_message_problems(step)) {
          std::string why = "refused while disabled but " + problem;
          f.add(step_ref(step) + " " + why, step_evidence(step, why + "; stderr: " + stderr_excerpt(step)));
        }
      }
    } else if (awaiting_upload && step.action == "upload") {
      awaiting_upload = false;
      std::size_t requests = 0;
      for (const auto* e : step_requests(step, input.journal)) requests += is_api_request(*e) ? 1 : 0;
      std::string why;
      if (step.exit_code != 0 || step.timed_out || !step.error.empty()) {
        why = "failed (exit " + std::to_string(step.exit_code) + ")";
      } else if (requests == 0) {
        why = "sent no request to Cloudinary";
      }
      if (why.empty()) {
        after_enable =
            "; the upload after enable (" + step_ref(step) + ") sent " + std::to_string(requests) + " request(s)";
        continue;
      }
      why = "the first upload after enable " + why;
      f.add(step_ref(step) + ": " + why, step_evidence(step, why + "; stderr: " + stderr_excerpt(step)));
    }
  }
  if (!any_disable) return skipped_check("no disable step ran in this scenario");
  if (f.bad() == 0) {
    return f.pass(std::to_string(window_steps) + " step(s) while disabled, none sent a request" + after_enable);
  }
  return f.fail(std::to_string(f.bad()) + " problem(s) with the disabled integration: " + f.seen(),
                "Check the enabled setting at the start of every media action (upload, delivery, sync) and do nothing "
                "with Cloudinary while disabled; enabling must restore them without a new login.");
}

}  // namespace cldcert
