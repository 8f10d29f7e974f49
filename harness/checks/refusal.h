// How an integration says no, as the user meets it: a non-zero exit, a message on stderr, no stack
// trace. The checks that expect a refusal (a read-only key, an action while disabled) share it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/checks/check.h"

namespace cldcert {

// True when `text` holds a line of a stack trace or crash dump ("    at f (a.js:1:2)",
// "Traceback (most recent call last):", "panic: …", "Exception in thread …").
bool looks_like_stack_trace(std::string_view text);

// What a step said on stderr, trimmed and cut at 400 characters: the evidence of a refused step.
std::string stderr_excerpt(const StepRecord& step);

// What is wrong with the way a step that exited non-zero told its user, in words: a crash's stack
// trace, or no message on stderr. Empty for a clean refusal.
std::vector<std::string> refusal_message_problems(const StepRecord& step);

}  // namespace cldcert
