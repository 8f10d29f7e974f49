// B5 (and R16, which says "see B5") on what each step sent: every request of a step goes to the
// step's cloud with that cloud's key; nothing is sent after logout; a restricted (read_only) key's
// refusal is surfaced as a message, not a crash.
#pragma once

#include <string>
#include <string_view>

#include "harness/checks/check.h"

namespace cldcert {

// True when `text` holds a line of a stack trace or crash dump ("    at f (a.js:1:2)",
// "Traceback (most recent call last):", "panic: …", "Exception in thread …").
bool looks_like_stack_trace(std::string_view text);

// What a step said on stderr, trimmed and cut at 400 characters: the evidence of a refused step.
std::string stderr_excerpt(const StepRecord& step);

CheckResult check_accounts_isolation(const CheckInput& input);
CheckResult check_accounts_logout(const CheckInput& input);
CheckResult check_accounts_restricted_key(const CheckInput& input);

}  // namespace cldcert
