#include "harness/scan/stream_scanner.h"

#include <algorithm>

namespace cldcert::scan {

StreamScanner::StreamScanner(std::string name, const std::vector<std::string>& known_secrets,
                             std::size_t context_bytes)
    : name_(std::move(name)), scanner_(known_secrets), context_(std::max<std::size_t>(context_bytes, 1)) {}

void StreamScanner::feed(std::string_view piece) {
  buffer_.append(piece);
  // Rescanning context_ bytes per scan costs little as long as each scan covers much more new text.
  if (buffer_.size() < 4 * context_) return;
  const std::size_t settled = base_ + buffer_.size() - context_;
  scan_until(settled);
  // Keep context_ bytes before `settled`: a leak beginning after it has its left context.
  const std::size_t drop = settled - context_ - base_;
  std::string_view dropped(buffer_.data(), drop);
  for (std::size_t at = dropped.find('\n'); at != std::string_view::npos; at = dropped.find('\n', at + 1)) {
    ++lines_before_;
    line_start_ = base_ + at + 1;
  }
  buffer_.erase(0, drop);
  base_ += drop;
}

void StreamScanner::scan_until(std::size_t settled) {
  for (Finding& f : scanner_.scan(name_, buffer_)) {
    const std::size_t offset = base_ + f.offset;
    if (offset < reported_to_ || offset >= settled) continue;
    // The scanner counted from buffer_[0], which may sit in the middle of a line.
    if (f.line == 1) f.column += base_ - line_start_;
    f.line += lines_before_;
    f.offset = offset;
    findings_.push_back(std::move(f));
  }
  reported_to_ = settled;
}

std::vector<Finding> StreamScanner::finish() {
  scan_until(base_ + buffer_.size());
  buffer_.clear();
  return std::move(findings_);
}

}  // namespace cldcert::scan
