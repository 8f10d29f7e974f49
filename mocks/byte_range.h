// The single byte range a delivery honours (RFC 9110 §14): which bytes a `Range` header asks of a body
// of known size, and how an answer names them (`Content-Range`). The mock and the harness's probe share it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cldcert::mock {

// Inclusive byte positions, as HTTP writes them: bytes 0-9 are the first ten.
struct ByteRange {
  std::uint64_t first = 0, last = 0;
  std::uint64_t length() const { return last - first + 1; }
  bool operator==(const ByteRange&) const = default;
};

struct RangeAsked {
  // kWhole: no range, several, or one the server may ignore (RFC 9110 §14.2: "A server MAY ignore the Range
  // header field"; an invalid one "MUST" be ignored); kPartial: `range` (206); kUnsatisfiable: 416.
  enum class Kind { kWhole, kPartial, kUnsatisfiable } kind = Kind::kWhole;
  ByteRange range;  // kPartial only, clipped to the body
};

// `bytes=a-b`, `bytes=a-` and `bytes=-n` (a suffix) of a body of `size` bytes (RFC 9110 §14.1.2): a range
// starting at or past the end, or a suffix of 0, is unsatisfiable; a last position past the end is clipped.
// Anything else (another unit, a list, last < first, non-digits) asks for the whole body.
RangeAsked read_range(std::string_view header, std::uint64_t size);

// "bytes a-b/size" (RFC 9110 §14.4).
std::string content_range(const ByteRange& range, std::uint64_t size);
// "bytes */size": a 416's Content-Range.
std::string unsatisfied_content_range(std::uint64_t size);

}  // namespace cldcert::mock
