#include "mocks/upload_signature.h"

#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "mocks/mock_test_support.h"

namespace cldcert::mock {
namespace {

using testing_support::algorithm_named;
using testing_support::load_signature_vectors;

constexpr std::string_view kSecret = "fake_secret_for_tests_0000000";

FormParams without_signature(const FormParams& form) {
  FormParams out;
  for (const auto& field : form) {
    if (field.first != "signature") out.push_back(field);
  }
  return out;
}

}  // namespace

// Every vector comes from the official Node SDK (tests/sdk/make_signature_vectors.js).
TEST(UploadSignature, ReproducesSdkVectors) {
  const nlohmann::json vectors = load_signature_vectors();
  ASSERT_GE(vectors["request_signatures"].size(), 50u);
  for (const auto& v : vectors["request_signatures"]) {
    SCOPED_TRACE(v["name"].get<std::string>());
    const auto form = v["form"].get<FormParams>();
    const auto secret = v["secret"].get<std::string>();
    const auto sdk_signature = v["signature"].get<std::string>();
    const int version = v["signature_version"];
    const DigestAlgorithm algorithm = algorithm_named(v["algorithm"]);

    EXPECT_EQ(string_to_sign(form, version), v["string_to_sign"].get<std::string>());
    EXPECT_EQ(sign_params(form, secret, algorithm, version), sdk_signature);
    // The signature field itself must not change what is signed.
    EXPECT_EQ(sign_params(without_signature(form), secret, algorithm, version), sdk_signature);

    const SignatureVerdict verdict = verify_signature(form, sdk_signature, secret);
    EXPECT_TRUE(verdict.valid);
    EXPECT_EQ(verdict.algorithm, algorithm);
    EXPECT_EQ(verdict.expected_string_to_sign, string_to_sign(form, 2));
    const bool forms_differ = string_to_sign(form, 1) != string_to_sign(form, 2);
    EXPECT_EQ(verdict.signature_version, forms_differ ? version : 2);

    EXPECT_FALSE(verify_signature(form, sdk_signature, "fake_wrong_secret_00000000000").valid);
  }
}

// Worked example in shared/cloudinary-api.md §1.2 (secret "abcd").
TEST(UploadSignature, DocumentedWorkedExample) {
  const FormParams form = {
      {"tags", "a,b"}, {"folder", "f&x"}, {"public_id", "p1"}, {"context", "alt=hi"}, {"timestamp", "1795892338"}};
  const std::string expected = "context=alt=hi&folder=f%26x&public_id=p1&tags=a,b&timestamp=1795892338";
  EXPECT_EQ(string_to_sign(form, 2) + "abcd",
            "context=alt=hi&folder=f%26x&public_id=p1&tags=a,b&timestamp=1795892338abcd");
  const std::string signature = sign_params(form, "abcd", DigestAlgorithm::kSha1, 2);
  EXPECT_EQ(signature.substr(0, 8), "769ac05b");
  EXPECT_EQ(signature.substr(35), "f8b4f");
  EXPECT_EQ(string_to_sign(form, 1), "context=alt=hi&folder=f&x&public_id=p1&tags=a,b&timestamp=1795892338");
}

TEST(UploadSignature, UnsignedKeysAreLeftOutEvenAsArrays) {
  const FormParams form = {{"file", "x"},      {"file[]", "y"},    {"cloud_name", "c"}, {"resource_type", "i"},
                           {"api_key", "123"}, {"signature", "s"}, {"timestamp", "1"}};
  EXPECT_EQ(string_to_sign(form, 2), "timestamp=1");
}

TEST(UploadSignature, RepeatedKeysJoinWithCommaInWireOrder) {
  EXPECT_EQ(string_to_sign({{"ids", "b"}, {"ids", "a"}, {"timestamp", "1"}}, 2), "ids=b,a&timestamp=1");
  EXPECT_EQ(string_to_sign({{"public_ids[]", "p1"}, {"public_ids", "p2"}}, 2), "public_ids=p1,p2");
  EXPECT_EQ(string_to_sign({{"tags[]", ""}, {"tags[]", ""}}, 2), "tags=,");
  EXPECT_EQ(string_to_sign({{"tags[]", ""}, {"timestamp", "1"}}, 2), "timestamp=1");
}

// Bytewise, unlike SDK 2.11's localeCompare, which puts "x_1" before "x1" and "a" before "B".
// Cloudinary's own parameter names are lower-case letters and '_', where the two agree.
TEST(UploadSignature, SortsKeysBytewise) {
  EXPECT_EQ(string_to_sign({{"x_1", "a"}, {"x1", "b"}, {"a", "c"}, {"B", "d"}}, 2), "B=d&a=c&x1=b&x_1=a");
}

TEST(UploadSignature, VersionOneSignatureIsAcceptedAndReported) {
  const FormParams form = {{"folder", "f&x"}, {"timestamp", "1"}};
  const SignatureVerdict v1 = verify_signature(form, sign_params(form, kSecret, DigestAlgorithm::kSha1, 1), kSecret);
  EXPECT_TRUE(v1.valid);
  EXPECT_EQ(v1.signature_version, 1);
  EXPECT_EQ(v1.expected_string_to_sign, "folder=f%26x&timestamp=1");
  const SignatureVerdict v2 = verify_signature(form, sign_params(form, kSecret, DigestAlgorithm::kSha256, 2), kSecret);
  EXPECT_TRUE(v2.valid);
  EXPECT_EQ(v2.signature_version, 2);
  EXPECT_EQ(v2.algorithm, DigestAlgorithm::kSha256);
}

TEST(UploadSignature, AcceptsUppercaseHex) {
  const FormParams form = {{"public_id", "p"}, {"timestamp", "1"}};
  std::string signature = sign_params(form, kSecret, DigestAlgorithm::kSha1, 2);
  for (char& c : signature) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(verify_signature(form, signature, kSecret).valid);
}

TEST(UploadSignature, RejectsTamperedParamsAndSignatures) {
  const FormParams form = {{"public_id", "p"}, {"timestamp", "1"}};
  const std::string signature = sign_params(form, kSecret, DigestAlgorithm::kSha256, 2);
  ASSERT_TRUE(verify_signature(form, signature, kSecret).valid);

  std::string flipped = signature;
  flipped[10] = flipped[10] == '0' ? '1' : '0';
  EXPECT_FALSE(verify_signature(form, flipped, kSecret).valid);
  EXPECT_FALSE(verify_signature({{"public_id", "q"}, {"timestamp", "1"}}, signature, kSecret).valid);
  EXPECT_FALSE(verify_signature({{"public_id", "p"}, {"timestamp", "2"}}, signature, kSecret).valid);
  // A param the signer did not see breaks the signature, an empty one does not.
  EXPECT_FALSE(verify_signature({{"public_id", "p"}, {"timestamp", "1"}, {"tags", "x"}}, signature, kSecret).valid);
  EXPECT_TRUE(verify_signature({{"public_id", "p"}, {"timestamp", "1"}, {"tags", ""}}, signature, kSecret).valid);
}

TEST(UploadSignature, RejectsWrongLengthAndNonHex) {
  const FormParams form = {{"public_id", "p"}, {"timestamp", "1"}};
  const std::string sha1 = sign_params(form, kSecret, DigestAlgorithm::kSha1, 2);
  EXPECT_FALSE(verify_signature(form, "", kSecret).valid);
  EXPECT_FALSE(verify_signature(form, sha1.substr(0, 39), kSecret).valid);
  EXPECT_FALSE(verify_signature(form, sha1 + "0", kSecret).valid);
  EXPECT_FALSE(
      verify_signature(form, sign_params(form, kSecret, DigestAlgorithm::kSha256, 2).substr(0, 40), kSecret).valid);
  EXPECT_FALSE(verify_signature(form, std::string(40, 'g'), kSecret).valid);
  const SignatureVerdict bad = verify_signature(form, "nope", kSecret);
  EXPECT_FALSE(bad.valid);
  EXPECT_EQ(bad.expected_string_to_sign, "public_id=p&timestamp=1");
}

}  // namespace cldcert::mock
