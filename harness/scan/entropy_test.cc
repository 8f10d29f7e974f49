#include "harness/scan/entropy.h"

#include <gtest/gtest.h>

#include "harness/scan/scan_test_support.h"

namespace cldcert::scan {
namespace {

TEST(ScanEntropy, ShannonEntropyOfKnownDistributions) {
  EXPECT_DOUBLE_EQ(shannon_entropy(""), 0);
  EXPECT_DOUBLE_EQ(shannon_entropy("aaaa"), 0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abab"), 1);
  EXPECT_DOUBLE_EQ(shannon_entropy("abcd"), 2);
}

TEST(ScanEntropy, GeneratedSecretsLookRandom) {
  for (std::uint64_t seed = 1; seed <= 50; ++seed)
    EXPECT_TRUE(looks_like_random_secret(testing::fake_secret(seed))) << seed;
}

TEST(ScanEntropy, PlaceholdersNamesAndLookupsDoNot) {
  for (const char* v : {"xxxxxxxxxxxxxxxx", "your_api_secret_here", "YOUR_API_SECRET", "CLOUDINARY_API_SECRET",
                        "process", "changeme1234A", "aaaaaaaaaaaaaaaaaaaaaaaaaaa", "abcdefghijklmnopqrstuvwxyz1",
                        "short1A", "ExampleSecret123456", "my-sample-Key-12345"}) {
    EXPECT_FALSE(looks_like_random_secret(v)) << v;
  }
}

}  // namespace
}  // namespace cldcert::scan
