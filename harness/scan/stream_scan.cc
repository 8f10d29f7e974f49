#include "harness/scan/stream_scan.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <tuple>

namespace cldcert::scan {

void StreamPosition::consumed(std::string_view piece) {
  for (const char* p = piece.data();;) {
    const void* nl = std::memchr(p, '\n', piece.data() + piece.size() - p);
    if (!nl) break;
    ++lines_before_;
    p = static_cast<const char*>(nl) + 1;
    line_start_ = offset_ + static_cast<std::uint64_t>(p - piece.data());
  }
  offset_ += piece.size();
}

void StreamPosition::place(Finding& finding) const {
  if (finding.line == 1) finding.column += static_cast<std::size_t>(offset_ - line_start_);
  finding.line += lines_before_;
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

std::vector<Finding> scan_stream(const TextScanner& text, std::string_view name, std::string& block, const StreamPull& pull,
                                 const std::function<void(std::size_t)>& on_bytes) {
  std::vector<Finding> out;
  // A leak inside an overlap is seen by both blocks; it is kept once, by its place in the stream.
  std::set<std::tuple<std::size_t, std::size_t, std::string, std::string>> kept;
  StreamPosition position;
  std::size_t fresh = block.size();
  for (;;) {
    on_bytes(fresh);
    for (auto& f : text.scan(name, block)) {
      position.place(f);
      if (kept.emplace(f.line, f.column, f.rule, f.fingerprint).second) out.push_back(std::move(f));
    }
    if (block.size() < kStreamBlockBytes) break;
    const std::size_t behind = block.size() - kStreamOverlapBytes;
    position.consumed(std::string_view(block).substr(0, behind));
    block.erase(0, behind);
    block.resize(kStreamBlockBytes);
    fresh = pull_fully(pull, block.data() + kStreamOverlapBytes, kStreamBlockBytes - kStreamOverlapBytes);
    block.resize(kStreamOverlapBytes + fresh);
    if (fresh == 0) break;
  }
  return out;
}

}  // namespace cldcert::scan
