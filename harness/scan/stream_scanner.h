// Scans a stream that arrives in pieces (a step's stdout or stderr as it is read, an archive member
// too large to hold, a sparse file's data extents) with bounded memory: every byte is scanned once
// it has enough context around it, and findings are placed by line and column from the stream's start.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scan/finding.h"
#include "harness/scan/text_scanner.h"

namespace cldcert::scan {

// An archive member up to this size is held whole (and a broken nested archive rescanned as plain
// bytes); larger ones are pulled and fed in pieces of this size.
inline constexpr std::size_t kStreamBlockBytes = std::size_t{8} << 20;
// Context kept around a piece's edge when scanning files: longer than any encoded secret and the
// 200-byte "cloudinary" neighbourhood of the key-secret rule, so a leak is whole in one scan.
inline constexpr std::size_t kStreamOverlapBytes = std::size_t{64} << 10;

class StreamScanner {
 public:
  // `name` becomes each Finding's file. context_bytes: how much text around a leak the rules and
  // excerpts may need; a leak longer than that could be cut at a piece's edge (secrets are short).
  StreamScanner(std::string name, const std::vector<std::string>& known_secrets, std::size_t context_bytes = 8192);
  // The same, with a scanner the caller keeps alive longer than this (one per scan, not per stream).
  StreamScanner(std::string name, const TextScanner& scanner, std::size_t context_bytes);

  // Feeds the next piece of the stream; a leak split across two pieces is still found.
  void feed(std::string_view piece);

  // The next `bytes` of the stream hold no text (a sparse file's hole: zeros, no newline): what was
  // fed is scanned up to here, and the stream goes on after the gap.
  void skip(std::size_t bytes);

  // Scans what is left and returns every finding of the whole stream, in order, with line and
  // column counted from the start of the stream and offset its byte offset in the stream.
  std::vector<Finding> finish();

 private:
  // Scans the buffer and keeps the findings that begin before `settled` (a stream offset).
  void scan_until(std::size_t settled);
  // Forgets the first `bytes` of the buffer, counting the lines they end.
  void drop(std::size_t bytes);

  std::string name_;
  std::unique_ptr<TextScanner> owned_;
  const TextScanner& scanner_;
  std::size_t context_;
  std::string buffer_;            // the stream from base_ on
  std::size_t base_ = 0;          // stream offset of buffer_[0]
  std::size_t reported_to_ = 0;   // findings that begin before this offset are in findings_
  std::size_t lines_before_ = 0;  // newlines in the stream before base_
  std::size_t line_start_ = 0;    // stream offset where the line holding base_ starts
  std::vector<Finding> findings_;
};

// Reads up to `size` bytes into `into`; 0 at the stream's end.
using StreamPull = std::function<std::size_t(char* into, std::size_t size)>;

// Fills `into` from pull until full or the stream ends; the bytes read.
std::size_t pull_fully(const StreamPull& pull, char* into, std::size_t size);

}  // namespace cldcert::scan
