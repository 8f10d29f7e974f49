#include "harness/scan/text_scanner.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "mocks/redactor.h"

namespace cldcert::scan {
namespace {

// Keeps, of overlapping matches, the one of lowest priority value; the result is by position.
std::vector<LeakMatch> resolve_overlaps(std::vector<LeakMatch> matches) {
  std::stable_sort(matches.begin(), matches.end(),
                   [](const LeakMatch& a, const LeakMatch& b) { return a.priority < b.priority; });
  std::map<std::size_t, std::size_t> taken;  // begin -> end of kept spans
  std::vector<LeakMatch> kept;
  for (auto& m : matches) {
    auto next = taken.lower_bound(m.begin);
    if (next != taken.end() && next->first < m.end) continue;
    if (next != taken.begin() && std::prev(next)->second > m.begin) continue;
    taken.emplace(m.begin, m.end);
    kept.push_back(std::move(m));
  }
  std::sort(kept.begin(), kept.end(), [](const LeakMatch& a, const LeakMatch& b) { return a.begin < b.begin; });
  return kept;
}

// The line of `at` cut to kExcerptBytes around [begin, end), with every kept span in the cut
// replaced, so an excerpt never holds a secret nor the part of one a cut leaves behind. Bytes
// outside printable ASCII become '.', since files may be binary.
std::string excerpt(std::string_view bytes, std::size_t line_begin, const LeakMatch& at,
                    const std::vector<LeakMatch>& all) {
  const void* nl = std::memchr(bytes.data() + at.begin, '\n', bytes.size() - at.begin);
  std::size_t line_end = nl ? static_cast<const char*>(nl) - bytes.data() : bytes.size();
  if (line_end > line_begin && bytes[line_end - 1] == '\r') --line_end;
  std::size_t from = line_begin, to = line_end;
  if (to - from > kExcerptBytes) {
    from = std::max(line_begin, at.begin >= 40 ? at.begin - 40 : 0);
    to = std::min(line_end, from + kExcerptBytes);
    if (to < at.end) to = std::min(line_end, at.end + 20);
  }
  std::string out = from > line_begin ? "…" : "";
  std::size_t p = from;
  for (const LeakMatch& m : all) {
    if (m.end <= from || m.begin >= to) continue;
    for (; p < std::max(from, m.begin); ++p) {
      unsigned char c = static_cast<unsigned char>(bytes[p]);
      out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '.');
    }
    out += mock::kRedacted;
    p = std::max(p, m.end);
  }
  for (; p < to; ++p) {
    unsigned char c = static_cast<unsigned char>(bytes[p]);
    out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '.');
  }
  if (to < line_end) out += "…";
  return out;
}

}  // namespace

TextScanner::TextScanner(const std::vector<std::string>& known_secrets, bool patterns) : known_(known_secrets) {
  known_.add_needles(search_);
  if (patterns) patterns_.add_needles(search_);
}

std::vector<Finding> TextScanner::scan(std::string_view name, std::string_view bytes) const {
  std::vector<LeakMatch> matches;
  SecretPatterns::BufferState state;
  search_.search(bytes, [&](std::size_t id, std::size_t begin) {
    if (known_.owns(id))
      matches.push_back(known_.on_needle(bytes, id, begin));
    else
      patterns_.on_needle(bytes, id, begin, state, matches);
  });
  known_.find_escaped(bytes, matches);
  if (matches.empty()) return {};
  matches = resolve_overlaps(std::move(matches));

  std::vector<Finding> findings;
  std::size_t line = 1, line_begin = 0, counted_to = 0;
  for (const LeakMatch& m : matches) {
    for (const char* p = bytes.data() + counted_to;;) {
      const void* nl = std::memchr(p, '\n', bytes.data() + m.begin - p);
      if (!nl) break;
      ++line;
      p = static_cast<const char*>(nl) + 1;
      line_begin = p - bytes.data();
    }
    counted_to = m.begin;
    findings.push_back({std::string(name), line, m.begin - line_begin + 1, "", m.rule,
                        excerpt(bytes, line_begin, m, matches), m.fingerprint, m.begin});
  }
  return findings;
}

}  // namespace cldcert::scan
