// Scans a stream that arrives in pieces (a step's stdout or stderr as it is read) for leaks, with
// bounded memory: every byte is scanned once it has enough context, however long the stream.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "harness/scan/finding.h"
#include "harness/scan/text_scanner.h"

namespace cldcert::scan {

class StreamScanner {
 public:
  // `name` becomes each Finding's file. context_bytes: how much text around a leak the rules and
  // excerpts may need; a leak longer than that could be cut at a piece's edge (secrets are short).
  StreamScanner(std::string name, const std::vector<std::string>& known_secrets, std::size_t context_bytes = 8192);

  // Feeds the next piece of the stream; a leak split across two pieces is still found.
  void feed(std::string_view piece);

  // Scans what is left and returns every finding of the whole stream, in order, with line and
  // column counted from the start of the stream and offset its byte offset in the stream.
  std::vector<Finding> finish();

 private:
  // Scans the buffer and keeps the findings that begin before `settled` (a stream offset).
  void scan_until(std::size_t settled);

  std::string name_;
  TextScanner scanner_;
  std::size_t context_;
  std::string buffer_;          // the stream from base_ on
  std::size_t base_ = 0;        // stream offset of buffer_[0]
  std::size_t reported_to_ = 0; // findings that begin before this offset are in findings_
  std::size_t lines_before_ = 0;      // newlines in the stream before base_
  std::size_t line_start_ = 0;        // stream offset where the line holding base_ starts
  std::vector<Finding> findings_;
};

}  // namespace cldcert::scan
