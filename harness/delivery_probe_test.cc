#include "harness/delivery_probe.h"

#include <gtest/gtest.h>

namespace cldcert {
namespace {

using mock::ByteRange;

TEST(DeliveryProbe, HeadAndTailOfALargeBody) {
  const std::uint64_t size = 110u << 20;
  EXPECT_EQ(delivery_probe_ranges(size),
            (std::vector<ByteRange>{{0, kDeliveryProbeBytes - 1}, {size - kDeliveryProbeBytes, size - 1}}));
  // Exactly two probes long: they touch, and stay two.
  EXPECT_EQ(delivery_probe_ranges(2 * kDeliveryProbeBytes).size(), 2u);
}

TEST(DeliveryProbe, OneRangeWhenTheyWouldOverlap) {
  EXPECT_EQ(delivery_probe_ranges(2 * kDeliveryProbeBytes - 1),
            (std::vector<ByteRange>{{0, 2 * kDeliveryProbeBytes - 2}}));
  EXPECT_EQ(delivery_probe_ranges(10), (std::vector<ByteRange>{{0, 9}}));
  EXPECT_EQ(delivery_probe_ranges(1), (std::vector<ByteRange>{{0, 0}}));
  EXPECT_TRUE(delivery_probe_ranges(0).empty());
}

}  // namespace
}  // namespace cldcert
