// One leak the scanner found: where (file, line, column, commit), which rule, a redacted excerpt,
// and a fingerprint of the secret itself so an allow-list entry can only ever hide that secret.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cldcert::scan {

struct Finding {
  std::string file;         // relative to the scanned root, '/'-separated; archive members as a.zip!/b/c
  std::size_t line = 0;     // 1-based
  std::size_t column = 0;   // 1-based, in bytes
  std::string commit;       // the commit that introduced the blob (history findings), else empty
  std::string rule;         // e.g. "known-secret/base64", "cloudinary-url", "secret-assignment"
  std::string excerpt;      // the line around the leak with every secret as [REDACTED]
  std::string fingerprint;  // secret_fingerprint of the leaked value
  std::size_t offset = 0;   // byte offset of the leak in what was scanned (not serialised: line and column say it)
};

// First 16 hex digits of the SHA-256 of the secret's value: the same for every encoding, rule and
// position of one secret, different for any other secret on the same line.
std::string secret_fingerprint(std::string_view secret);

// "file:line:col rule excerpt" (and " (commit abc1234)" for history), for the terminal.
std::string format_finding(const Finding& finding);

void to_json(nlohmann::json& out, const Finding& finding);

}  // namespace cldcert::scan
