// One pass over a buffer that finds every occurrence of many literal needles at once: a 2-byte
// filter on each needle's rarest byte pair, then a check of the whole needle where it passes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cldcert::mock {

class MultiNeedleSearch {
 public:
  static constexpr std::size_t kAutoAnchor = static_cast<std::size_t>(-1);

  // Returns the needle's id (0, 1, …). Needles must be 2+ bytes. fold_case matches ASCII letters
  // in either case. anchor_at picks the byte pair the filter keys on (kAutoAnchor: a pair that is
  // rare in text, so the filter rarely passes on ordinary prose and code).
  std::size_t add(std::string needle, bool fold_case = false, std::size_t anchor_at = kAutoAnchor);

  std::size_t size() const { return needles_.size(); }
  const std::string& needle(std::size_t id) const { return needles_[id].text; }

  // Calls on_match(id, begin) for every occurrence, overlapping ones included, in order of the
  // anchor's position.
  template <class F>
  void search(std::string_view text, F&& on_match) const {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    if (n < 2 || needles_.empty()) return;
    const std::uint8_t* table = bucket_of_pair_.data();
    std::size_t i = 0;
    // Eight positions per step from one 64-bit load: the table lookups of a step are independent,
    // so they overlap in the CPU; positions are checked one by one only when a step has a hit.
    for (; i + 9 <= n; i += 8) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      const std::uint64_t next = p[i + 8];
      unsigned any = table[w & 0xffff] | table[(w >> 8) & 0xffff] | table[(w >> 16) & 0xffff] |
                     table[(w >> 24) & 0xffff] | table[(w >> 32) & 0xffff] | table[(w >> 40) & 0xffff] |
                     table[(w >> 48) & 0xffff] | table[(w >> 56) | (next << 8)];
      if (any == 0) [[likely]]
        continue;
      for (std::size_t k = i; k < i + 8; ++k) check_at(text, p, k, on_match);
    }
    for (; i + 1 < n; ++i) check_at(text, p, i, on_match);
  }

 private:
  template <class F>
  void check_at(std::string_view text, const unsigned char* p, std::size_t i, F& on_match) const {
    const std::uint32_t pair = p[i] | (static_cast<std::uint32_t>(p[i + 1]) << 8);
    const std::uint8_t bucket = bucket_of_pair_[pair];
    if (bucket == 0) return;
    for (const Anchor& a : anchors_of(pair, bucket)) {
      if (a.offset > i) continue;
      const std::size_t begin = i - a.offset;
      if (matches_at(text, begin, needles_[a.needle])) on_match(a.needle, begin);
    }
  }

  struct Needle {
    std::string text;
    bool fold_case = false;
  };
  struct Anchor {
    std::uint32_t pair = 0;
    std::size_t needle = 0;
    std::size_t offset = 0;
  };

  static bool matches_at(std::string_view haystack, std::size_t begin, const Needle& needle);
  // bucket: bucket_of_pair_[pair], 1-based; kOverflowBucket means "search anchors_".
  std::span<const Anchor> anchors_of(std::uint32_t pair, std::uint8_t bucket) const;
  static constexpr std::uint8_t kOverflowBucket = 255;

  std::vector<Needle> needles_;
  std::vector<Anchor> anchors_;  // sorted by pair
  // One byte per byte pair: 0 (no needle keys on it: the common case, one load per text byte),
  // else its bucket in bucket_ranges_. A byte table, not a bitset: fewer instructions per byte.
  std::vector<std::uint8_t> bucket_of_pair_ = std::vector<std::uint8_t>(65536, 0);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> bucket_ranges_;  // [first, last) in anchors_
};

}  // namespace cldcert::mock
