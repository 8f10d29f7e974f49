// A byte stream too large to hold (an archive member, a sparse file's data) scanned piece by piece,
// with blocks that overlap so a leak across a block boundary is still found whole, and findings
// placed by line and column from the stream's start.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scan/finding.h"
#include "harness/scan/text_scanner.h"

namespace cldcert::scan {

// A member up to this size is held whole (and a broken nested archive rescanned as plain bytes);
// larger ones are scanned in blocks of this size.
inline constexpr std::size_t kStreamBlockBytes = std::size_t{8} << 20;
// Each block starts with the previous block's last bytes: longer than any encoded secret and the
// 200-byte "cloudinary" neighbourhood of the key-secret rule, so a leak is whole in one block.
inline constexpr std::size_t kStreamOverlapBytes = std::size_t{64} << 10;

// Where a piece of a stream sits: turns a piece's line/column into the stream's.
class StreamPosition {
 public:
  // The piece starting at `offset` (>= the end of what was passed to consumed; the gap holds no newline).
  void move_to(std::uint64_t offset) { offset_ = offset; }
  // `piece`, starting at the current offset, is behind us: count its lines.
  void consumed(std::string_view piece);
  // A finding in the piece starting at the current offset, placed in the stream.
  void place(Finding& finding) const;

 private:
  std::uint64_t offset_ = 0;
  std::uint64_t line_start_ = 0;  // offset of the first byte of the line holding offset_
  std::size_t lines_before_ = 0;
};

// Reads up to `size` bytes into `into`; 0 at the stream's end.
using StreamPull = std::function<std::size_t(char* into, std::size_t size)>;

// Every leak in the stream whose first bytes are `block` (a full block; its capacity is reused),
// the rest pulled with `pull`; on_bytes(n) after each n new bytes scanned.
std::vector<Finding> scan_stream(const TextScanner& text, std::string_view name, std::string& block, const StreamPull& pull,
                                 const std::function<void(std::size_t)>& on_bytes);

// Fills `into` from pull until full or the stream ends; the bytes read.
std::size_t pull_fully(const StreamPull& pull, char* into, std::size_t size);

}  // namespace cldcert::scan
