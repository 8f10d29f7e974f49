// B5, R16 and R17 on what each step sent: every request of a step goes to the step's cloud with
// that cloud's key; nothing is sent after logout; a restricted (read_only) key's refusal is
// surfaced as a message, not a crash; nothing is sent while the integration is disabled.
#pragma once

#include <string_view>

#include "harness/checks/check.h"

namespace cldcert {

// True when `text` holds a line of a stack trace or crash dump ("    at f (a.js:1:2)",
// "Traceback (most recent call last):", "panic: …", "Exception in thread …").
bool looks_like_stack_trace(std::string_view text);

CheckResult check_accounts_isolation(const CheckInput& input);
CheckResult check_accounts_logout(const CheckInput& input);
CheckResult check_accounts_restricted_key(const CheckInput& input);
CheckResult check_integration_disabled(const CheckInput& input);

}  // namespace cldcert
