#include "harness/delivery_probe.h"

#include <algorithm>

namespace cldcert {

std::vector<mock::ByteRange> delivery_probe_ranges(std::uint64_t size) {
  if (size == 0) return {};
  const std::uint64_t n = std::min(size, kDeliveryProbeBytes);
  const mock::ByteRange head{0, n - 1}, tail{size - n, size - 1};
  if (tail.first <= head.last) return {{0, size - 1}};
  return {head, tail};
}

}  // namespace cldcert
