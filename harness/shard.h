// --shard K/N: which scenarios a shard runs. Deterministic (by scenario id), so N machines running
// shards 1..N of the same scenarios cover each exactly once, whatever order they load them in.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/scenario.h"

namespace cldcert {

// "2/5" → {2, 5}; nullopt unless 1 <= K <= N.
std::optional<std::pair<int, int>> parse_shard(std::string_view text);

// The scenarios of shard k of n, in their given order: sorted by id, the i-th goes to shard i % n + 1.
std::vector<const Scenario*> shard_of(const std::vector<const Scenario*>& scenarios, int k, int n);

}  // namespace cldcert
