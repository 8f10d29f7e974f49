#include "mocks/multi_needle_search.h"

#include <algorithm>
#include <stdexcept>

#include "mocks/text.h"

namespace cldcert::mock {
namespace {

int byte_class(unsigned char c) {
  if (c >= 'a' && c <= 'z') return 0;
  if (c >= 'A' && c <= 'Z') return 1;
  if (c >= '0' && c <= '9') return 2;
  if (c == ' ' || c == '\n' || c == '\t' || c == '"' || c == '\'' || c == '_' || c == '.' || c == ',') return 3;
  return 4;
}

// How unusual a byte pair is in prose and code: lower-case letters and spaces are everywhere, a
// switch between letter case, digits and punctuation much less so. A heuristic, good enough to
// keep the filter quiet on text that holds no needle.
int rarity(std::string_view pair, bool fold_case) {
  int a = byte_class(static_cast<unsigned char>(pair[0]));
  int b = byte_class(static_cast<unsigned char>(pair[1]));
  if (fold_case) {
    if (a == 1) a = 0;
    if (b == 1) b = 0;
  }
  static constexpr int kWeight[] = {0, 2, 2, 0, 3};
  return kWeight[a] + kWeight[b] + (a != b ? 2 : 0);
}

}  // namespace

std::size_t MultiNeedleSearch::add(std::string needle, bool fold_case, std::size_t anchor_at) {
  if (needle.size() < 2) throw std::invalid_argument("MultiNeedleSearch: needle shorter than 2 bytes");
  if (anchor_at == kAutoAnchor) {
    // The first pairs are enough: a needle is random past its first few bytes or it is a keyword.
    anchor_at = 0;
    int best = -1;
    for (std::size_t i = 0; i + 1 < needle.size() && i < 16; ++i) {
      int r = rarity(std::string_view(needle).substr(i, 2), fold_case);
      if (r > best) best = r, anchor_at = i;
    }
  }
  if (anchor_at + 2 > needle.size()) throw std::invalid_argument("MultiNeedleSearch: anchor past the needle");
  const std::size_t id = needles_.size();
  needles_.push_back({std::move(needle), fold_case});
  const std::string& text = needles_.back().text;
  std::vector<std::uint32_t> pairs;
  for (int variant = 0; variant < (fold_case ? 4 : 1); ++variant) {
    char a = text[anchor_at], b = text[anchor_at + 1];
    if (fold_case) {
      a = (variant & 1) ? text::upper(a) : text::lower(a);
      b = (variant & 2) ? text::upper(b) : text::lower(b);
    }
    std::uint32_t pair =
        static_cast<unsigned char>(a) | (static_cast<std::uint32_t>(static_cast<unsigned char>(b)) << 8);
    if (std::find(pairs.begin(), pairs.end(), pair) == pairs.end()) pairs.push_back(pair);
  }
  for (std::uint32_t pair : pairs) anchors_.push_back({pair, id, anchor_at});
  std::stable_sort(anchors_.begin(), anchors_.end(), [](const Anchor& x, const Anchor& y) { return x.pair < y.pair; });
  // Buckets are rebuilt whole: needles are added once, before any search.
  std::fill(bucket_of_pair_.begin(), bucket_of_pair_.end(), 0);
  bucket_ranges_.clear();
  for (std::size_t first = 0; first < anchors_.size();) {
    std::size_t last = first;
    while (last < anchors_.size() && anchors_[last].pair == anchors_[first].pair) ++last;
    bucket_ranges_.emplace_back(static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(last));
    bucket_of_pair_[anchors_[first].pair] =
        bucket_ranges_.size() < kOverflowBucket ? static_cast<std::uint8_t>(bucket_ranges_.size()) : kOverflowBucket;
    first = last;
  }
  return id;
}

std::span<const MultiNeedleSearch::Anchor> MultiNeedleSearch::anchors_of(std::uint32_t pair,
                                                                         std::uint8_t bucket) const {
  if (bucket != kOverflowBucket) {
    auto [first, last] = bucket_ranges_[bucket - 1];
    return {anchors_.data() + first, anchors_.data() + last};
  }
  auto range = std::equal_range(anchors_.begin(), anchors_.end(), Anchor{pair},
                                [](const Anchor& x, const Anchor& y) { return x.pair < y.pair; });
  return {range.first, range.second};
}

bool MultiNeedleSearch::matches_at(std::string_view haystack, std::size_t begin, const Needle& needle) {
  const std::string& n = needle.text;
  if (haystack.size() - begin < n.size()) return false;
  if (!needle.fold_case) return haystack.compare(begin, n.size(), n) == 0;
  for (std::size_t k = 0; k < n.size(); ++k) {
    if (text::lower(haystack[begin + k]) != text::lower(n[k])) return false;
  }
  return true;
}

}  // namespace cldcert::mock
