// What a live run fetches of a delivery instead of all of it: its first and last kDeliveryProbeBytes, by
// ranged GETs. The step that fetches them (cldcert.get), the fixture facts and upload.integrity share it.
#pragma once

#include <cstdint>
#include <vector>

#include "mocks/byte_range.h"

namespace cldcert {

// 1 MiB each end: enough to catch a truncated, re-encoded or wrong file (its header and its end) for the
// cost of 2 MiB per delivery, not the 1.1 GiB of the large-files one.
inline constexpr std::uint64_t kDeliveryProbeBytes = 1u << 20;

// The ranges of a body of `size` bytes: its head and its tail, each kDeliveryProbeBytes or the whole body
// when smaller; one range, the whole body, when they would overlap; none for an empty body.
std::vector<mock::ByteRange> delivery_probe_ranges(std::uint64_t size);

}  // namespace cldcert
