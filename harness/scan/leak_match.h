// A leak located in one buffer, before it becomes a Finding: the bytes to redact, the rule that
// saw them, the secret's fingerprint, and which rule wins when two see the same bytes.
#pragma once

#include <cstddef>
#include <string>

namespace cldcert::scan {

struct LeakMatch {
  std::size_t begin = 0, end = 0;  // byte span of the secret as spelled in the buffer
  std::string rule;
  std::string fingerprint;
  int priority = 0;  // lower wins an overlap: a known secret says more than a pattern
};

}  // namespace cldcert::scan
