// One pass over a buffer that finds every occurrence of many literal needles at once: a 2-byte
// filter on each needle's rarest byte pair, then a check of the whole needle where it passes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cldcert::scan {

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
    for (std::size_t i = 0; i + 1 < n; ++i) {
      const std::uint32_t pair = p[i] | (static_cast<std::uint32_t>(p[i + 1]) << 8);
      if (!((filter_[pair >> 6] >> (pair & 63)) & 1)) [[likely]] continue;
      for (const Anchor& a : anchors_of(pair)) {
        if (a.offset > i) continue;
        const std::size_t begin = i - a.offset;
        if (matches_at(text, begin, needles_[a.needle])) on_match(a.needle, begin);
      }
    }
  }

 private:
  struct Needle {
    std::string text;
    bool fold_case = false;
  };
  struct Anchor {
    std::uint32_t pair = 0;
    std::size_t needle = 0;
    std::size_t offset = 0;
  };

  static bool matches_at(std::string_view text, std::size_t begin, const Needle& needle);
  std::span<const Anchor> anchors_of(std::uint32_t pair) const;

  std::vector<Needle> needles_;
  std::vector<Anchor> anchors_;  // sorted by pair
  std::array<std::uint64_t, 65536 / 64> filter_{};
};

}  // namespace cldcert::scan
