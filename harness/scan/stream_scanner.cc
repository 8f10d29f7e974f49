#include "harness/scan/stream_scanner.h"

#include <algorithm>
#include <cstring>

namespace cldcert::scan {

StreamScanner::StreamScanner(std::string name, const std::vector<std::string>& known_secrets, std::size_t context_bytes)
    : name_(std::move(name)),
      owned_(std::make_unique<TextScanner>(known_secrets)),
      scanner_(*owned_),
      context_(std::max<std::size_t>(context_bytes, 1)) {}

StreamScanner::StreamScanner(std::string name, const TextScanner& scanner, std::size_t context_bytes)
    : name_(std::move(name)), scanner_(scanner), context_(std::max<std::size_t>(context_bytes, 1)) {}

void StreamScanner::feed(std::string_view piece) {
  buffer_.append(piece);
  // Rescanning context_ bytes per scan costs little as long as each scan covers much more new text.
  if (buffer_.size() < 4 * context_) return;
  const std::size_t settled = base_ + buffer_.size() - context_;
  scan_until(settled);
  // Keep context_ bytes before `settled`: a leak beginning after it has its left context.
  drop(settled - context_ - base_);
}

void StreamScanner::skip(std::size_t bytes) {
  scan_until(base_ + buffer_.size());
  drop(buffer_.size());
  base_ += bytes;
  reported_to_ = base_;
}

void StreamScanner::drop(std::size_t bytes) {
  for (const char *p = buffer_.data(), *end = buffer_.data() + bytes;;) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (!nl) break;
    p = static_cast<const char*>(nl) + 1;
    ++lines_before_;
    line_start_ = base_ + static_cast<std::size_t>(p - buffer_.data());
  }
  buffer_.erase(0, bytes);
  base_ += bytes;
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

std::size_t pull_fully(const StreamPull& pull, char* into, std::size_t size) {
  std::size_t filled = 0;
  while (filled < size) {
    std::size_t n = pull(into + filled, size - filled);
    if (n == 0) break;
    filled += n;
  }
  return filled;
}

}  // namespace cldcert::scan
