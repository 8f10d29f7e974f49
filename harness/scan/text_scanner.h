// Scans one buffer (a file, an archive member, a git blob, a step log) for known secrets and
// secret patterns in a single pass, and turns what it finds into Findings with line and excerpt.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/scan/finding.h"
#include "harness/scan/known_secret_matcher.h"
#include "mocks/multi_needle_search.h"
#include "harness/scan/secret_patterns.h"

namespace cldcert::scan {

// Excerpts keep at most this many bytes of the line around the leak.
inline constexpr std::size_t kExcerptBytes = 120;

class TextScanner {
 public:
  explicit TextScanner(const std::vector<std::string>& known_secrets, bool patterns = true);

  // Every leak in `bytes`, in order; `name` becomes each Finding's file. Where two rules see the
  // same bytes one finding is kept, the known secret's before a pattern's.
  std::vector<Finding> scan(std::string_view name, std::string_view bytes) const;

 private:
  mock::MultiNeedleSearch search_;
  KnownSecretMatcher known_;
  SecretPatterns patterns_;
};

}  // namespace cldcert::scan
