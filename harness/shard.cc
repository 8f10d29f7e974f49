#include "harness/shard.h"

#include <algorithm>
#include <charconv>

namespace cldcert {

std::optional<std::pair<int, int>> parse_shard(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  int k = 0, n = 0;
  auto number = [](std::string_view s, int& out) {
    auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), out);
    return error == std::errc() && end == s.data() + s.size() && !s.empty();
  };
  if (!number(text.substr(0, slash), k) || !number(text.substr(slash + 1), n)) return std::nullopt;
  if (n < 1 || k < 1 || k > n) return std::nullopt;
  return std::make_pair(k, n);
}

std::vector<const Scenario*> shard_of(const std::vector<const Scenario*>& scenarios, int k, int n) {
  std::vector<const Scenario*> by_id = scenarios;
  std::sort(by_id.begin(), by_id.end(), [](const Scenario* a, const Scenario* b) { return a->id < b->id; });
  std::vector<const Scenario*> mine;
  for (std::size_t i = 0; i < by_id.size(); ++i) {
    if (static_cast<int>(i % static_cast<std::size_t>(n)) + 1 == k) mine.push_back(by_id[i]);
  }
  // Keep the caller's order for what this shard runs.
  std::vector<const Scenario*> out;
  for (const auto* s : scenarios) {
    if (std::find(mine.begin(), mine.end(), s) != mine.end()) out.push_back(s);
  }
  return out;
}

}  // namespace cldcert
