#include "mocks/url_signature.h"

#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "mocks/mock_test_support.h"

namespace cldcert::mock {
namespace {

using testing_support::algorithm_named;
using testing_support::load_signature_vectors;

constexpr std::string_view kSecret = "fake_secret_for_tests_0000000";

std::string wrapped(std::string_view bare) { return "s--" + std::string(bare) + "--"; }

}  // namespace

// Every vector comes from cloudinary.v2.url() (tests/sdk/make_signature_vectors.js).
TEST(UrlSignature, ReproducesSdkVectors) {
  const nlohmann::json vectors = load_signature_vectors();
  ASSERT_GE(vectors["url_signatures"].size(), 10u);
  for (const auto& v : vectors["url_signatures"]) {
    SCOPED_TRACE(v["name"].get<std::string>());
    const auto to_sign = v["to_sign"].get<std::string>();
    const auto secret = v["secret"].get<std::string>();
    const auto component = v["signature"].get<std::string>();
    const bool long_signature = v["long_url_signature"];
    const DigestAlgorithm cloud_algorithm = algorithm_named(v["cloud_signature_algorithm"]);

    EXPECT_EQ(wrapped(url_signature(to_sign, secret, algorithm_named(v["algorithm"]), long_signature)), component);
    EXPECT_EQ(wrapped(url_signature(to_sign, secret, cloud_algorithm, long_signature)), component);
    EXPECT_TRUE(verify_url_signature(component, to_sign, secret, cloud_algorithm));
    EXPECT_TRUE(verify_url_signature(component.substr(3, component.size() - 5), to_sign, secret, cloud_algorithm));
    EXPECT_FALSE(verify_url_signature(component, to_sign + "x", secret, cloud_algorithm));
    EXPECT_FALSE(verify_url_signature(component, to_sign, "fake_wrong_secret_00000000000", cloud_algorithm));
    // Long signatures are SHA-256 whatever the cloud uses; short ones only with the cloud's algorithm.
    const DigestAlgorithm other =
        cloud_algorithm == DigestAlgorithm::kSha1 ? DigestAlgorithm::kSha256 : DigestAlgorithm::kSha1;
    EXPECT_EQ(verify_url_signature(component, to_sign, secret, other), long_signature);
  }
}

// Examples in shared/cloudinary-api.md §4 (secret "abcd").
TEST(UrlSignature, DocumentedExamples) {
  EXPECT_EQ(url_signature("c_scale,w_100/sample.jpg", "abcd", DigestAlgorithm::kSha1, false), "__qjBcC6");
  EXPECT_EQ(url_signature("c_scale,w_100/sample.jpg", "abcd", DigestAlgorithm::kSha1, true),
            "X64F-e1B5c_fKcVZ7iJXh4eFyCQVqO26");
  EXPECT_TRUE(verify_url_signature("s--__qjBcC6--", "c_scale,w_100/sample.jpg", "abcd", DigestAlgorithm::kSha1));
  EXPECT_TRUE(verify_url_signature("s--X64F-e1B5c_fKcVZ7iJXh4eFyCQVqO26--", "c_scale,w_100/sample.jpg", "abcd",
                                   DigestAlgorithm::kSha1));
}

TEST(UrlSignature, ShortSha256IsPrefixOfLong) {
  const std::string long_sig = url_signature("sample.jpg", kSecret, DigestAlgorithm::kSha1, true);
  EXPECT_EQ(url_signature("sample.jpg", kSecret, DigestAlgorithm::kSha256, false), long_sig.substr(0, 8));
}

TEST(UrlSignature, RejectsTamperedAndWrongLength) {
  const std::string sig = url_signature("w_10/sample.jpg", kSecret, DigestAlgorithm::kSha1, false);
  ASSERT_TRUE(verify_url_signature(wrapped(sig), "w_10/sample.jpg", kSecret, DigestAlgorithm::kSha1));

  std::string flipped = sig;
  flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_url_signature(wrapped(flipped), "w_10/sample.jpg", kSecret, DigestAlgorithm::kSha1));
  EXPECT_FALSE(verify_url_signature(wrapped(sig), "w_11/sample.jpg", kSecret, DigestAlgorithm::kSha1));
  EXPECT_FALSE(verify_url_signature(wrapped(sig.substr(0, 7)), "w_10/sample.jpg", kSecret, DigestAlgorithm::kSha1));
  EXPECT_FALSE(verify_url_signature(wrapped(sig + "A"), "w_10/sample.jpg", kSecret, DigestAlgorithm::kSha1));
  EXPECT_FALSE(verify_url_signature("", "w_10/sample.jpg", kSecret, DigestAlgorithm::kSha1));
  EXPECT_FALSE(verify_url_signature("s----", "w_10/sample.jpg", kSecret, DigestAlgorithm::kSha1));
  const std::string long_sig = url_signature("w_10/sample.jpg", kSecret, DigestAlgorithm::kSha1, true);
  EXPECT_FALSE(
      verify_url_signature(wrapped(long_sig.substr(0, 31)), "w_10/sample.jpg", kSecret, DigestAlgorithm::kSha1));
}

// Base64 is case-sensitive, so unlike hex request signatures no case folding.
TEST(UrlSignature, IsCaseSensitive) {
  const std::string sig = url_signature("sample.jpg", kSecret, DigestAlgorithm::kSha1, false);
  std::string swapped = sig;
  for (char& c : swapped) {
    if (std::isalpha(static_cast<unsigned char>(c))) c = static_cast<char>(c ^ 0x20);
  }
  ASSERT_NE(swapped, sig);
  EXPECT_FALSE(verify_url_signature(wrapped(swapped), "sample.jpg", kSecret, DigestAlgorithm::kSha1));
}

}  // namespace cldcert::mock
