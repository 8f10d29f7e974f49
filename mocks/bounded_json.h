// The one JSON parser for text cldcert did not write itself: request bodies, user files, bundles.
// It refuses documents nested deeper than kMaxJsonNesting before building them, and optionally duplicate keys.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace cldcert::mock {

// nlohmann's parser is iterative, but dump(), copies, comparisons and our own
// validators recurse once per level: ~70,000 levels overflow a thread's stack.
// Cloudinary's payloads (context, metadata, eager, breakpoints) and cldcert's
// files nest fewer than 10 levels; 256 leaves room for any honest document and
// keeps every recursive walk a few hundred KiB deep at most, on any thread.
inline constexpr int kMaxJsonNesting = 256;

// Request bodies stay lenient like Cloudinary (the last value wins); files a
// user writes refuse a repeated key, which is nearly always a copy-paste mistake.
enum class DuplicateKeys { kLastWins, kRefuse };

// A parsed document, or why `text` is not acceptable JSON:
// "invalid JSON at line L, column C: <reason>" (without nlohmann's "last read"
// excerpt, which may quote a secret), "JSON nested deeper than 256 levels", or
// "<pointer>: duplicate key \"k\"" (the key cut at 60 bytes), or "<pointer>: number beyond the
// 64-bit integer range". `doc` is null when `error` is set.
enum class JsonProblem { kNone, kSyntax, kTooDeep, kNumberOutOfRange, kDuplicateKey };
struct ParsedJson {
  nlohmann::json doc;
  std::string error;                         // empty when parsing succeeded
  JsonProblem problem = JsonProblem::kNone;  // lets callers word a bound differently from "not JSON"
  // Valid JSON that cldcert refuses to hold (too deep, a number it could not read as an integer).
  bool exceeds_limit() const { return problem == JsonProblem::kTooDeep || problem == JsonProblem::kNumberOutOfRange; }
};
ParsedJson parse_json_text(std::string_view text, DuplicateKeys duplicates = DuplicateKeys::kLastWins);

// 1-based line and column of nlohmann's parse_error::byte in `text`.
std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t byte);

}  // namespace cldcert::mock
