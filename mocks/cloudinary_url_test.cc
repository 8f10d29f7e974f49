#include "mocks/cloudinary_url.h"

#include <gtest/gtest.h>

namespace cldcert::mock {
namespace {

Cloud cloud(DigestAlgorithm algorithm) {
  Cloud c;
  c.cloud_name = "fake-cloud";
  c.api_key = "111111111111111";
  c.api_secret = "fakeSecret-not-real";
  c.signature_algorithm = algorithm;
  return c;
}

TEST(CloudinaryUrl, Sha1CloudCarriesOnlyTheUploadPrefix) {
  EXPECT_EQ(cloudinary_url(cloud(DigestAlgorithm::kSha1), "http://127.0.0.1:9"),
            "cloudinary://111111111111111:fakeSecret-not-real@fake-cloud?upload_prefix=http://127.0.0.1:9");
}

// cldcert serve once printed the SHA-256 cloud's URL without it, so SDKs signed its delivery URLs with SHA-1.
TEST(CloudinaryUrl, Sha256CloudSaysSoInItsUrl) {
  auto url = cloudinary_url(cloud(DigestAlgorithm::kSha256), "http://127.0.0.1:9");
  auto parsed = parse_cloudinary_url(url);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->params.at("signature_algorithm"), "sha256");
  EXPECT_EQ(parsed->params.at("upload_prefix"), "http://127.0.0.1:9");
}

TEST(CloudinaryUrl, AccountUrlCarriesTheProvisioningCredentials) {
  Account account;
  account.id = "fake-account";
  account.provisioning_key = "222222222222222";
  account.provisioning_secret = "fakeProvisioningSecret";
  EXPECT_EQ(account_url(account, "http://127.0.0.1:9"),
            "account://222222222222222:fakeProvisioningSecret@fake-account?upload_prefix=http://127.0.0.1:9");
  EXPECT_EQ(account_url(account, ""), "account://222222222222222:fakeProvisioningSecret@fake-account");
}

TEST(CloudinaryUrl, NoPrefixNoQuery) {
  EXPECT_EQ(cloudinary_url(cloud(DigestAlgorithm::kSha1), ""),
            "cloudinary://111111111111111:fakeSecret-not-real@fake-cloud");
}

TEST(CloudinaryUrl, ParsesBackWhatItBuilds) {
  auto parsed = parse_cloudinary_url(cloudinary_url(cloud(DigestAlgorithm::kSha1), "http://h:1"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->api_key, "111111111111111");
  EXPECT_EQ(parsed->api_secret, "fakeSecret-not-real");
  EXPECT_EQ(parsed->cloud_name, "fake-cloud");
}

TEST(CloudinaryUrl, SecretMayHoldAnAtSignAndPercentEscapes) {
  auto parsed = parse_cloudinary_url("cloudinary://k:se%2Fc@ret@cloud?secure=true");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->api_secret, "se/c@ret");
  EXPECT_EQ(parsed->cloud_name, "cloud");
  EXPECT_EQ(parsed->params.at("secure"), "true");
}

TEST(CloudinaryUrl, RefusesWhatIsNotOne) {
  EXPECT_FALSE(parse_cloudinary_url("https://k:s@cloud"));
  EXPECT_FALSE(parse_cloudinary_url("cloudinary://cloud"));
  EXPECT_FALSE(parse_cloudinary_url("cloudinary://keyonly@cloud"));
  EXPECT_FALSE(parse_cloudinary_url("cloudinary://k:s@"));
}

}  // namespace
}  // namespace cldcert::mock
