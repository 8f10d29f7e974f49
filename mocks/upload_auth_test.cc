#include "mocks/upload_auth.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "mocks/base64.h"
#include "mocks/mock_test_support.h"
#include "mocks/upload_signature.h"

namespace cldcert::mock {
namespace {

using testing_support::basic_auth;

constexpr std::int64_t kNow = 1'700'000'000;  // 2023-11-14 22:13:20 UTC

// Fake credentials only.
Cloud make_cloud(Role role = Role::kMasterAdmin) {
  Cloud cloud;
  cloud.cloud_name = "demo-cloud";
  cloud.api_key = "614335564976464";
  cloud.api_secret = "fake-Secret_for-tests";
  cloud.role = role;
  cloud.upload_presets.push_back({"open_preset", true, nlohmann::json::object()});
  cloud.upload_presets.push_back({"signed_preset", false, nlohmann::json::object()});
  return cloud;
}

class UploadAuthTest : public ::testing::Test {
 protected:
  UploadAuthTest() : store_(make_accounts(cloud_), data_dir()) {}
  ~UploadAuthTest() override { std::filesystem::remove_all(data_dir()); }

  static Accounts make_accounts(const Cloud& cloud) {
    Accounts accounts;
    accounts.accounts.push_back(Account{"acct", "811122233344455", "prov-secret", {cloud}});
    return accounts;
  }
  static std::filesystem::path data_dir() {
    return std::filesystem::path(::testing::TempDir()) /
           ("cldcert-upload-auth-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
  }

  // A signed form as the SDK builds it: params, then api_key and signature.
  FormParams signed_form(FormParams params, DigestAlgorithm algorithm = DigestAlgorithm::kSha1, int version = 2) {
    std::string signature = sign_params(params, cloud_.api_secret, algorithm, version);
    params.emplace_back("api_key", cloud_.api_key);
    params.emplace_back("signature", signature);
    return params;
  }

  UploadAuthResult auth(const FormParams& params, const HeaderList& headers = {}, bool allow_unsigned = true,
                        std::int64_t now = kNow) {
    return authenticate_upload(cloud_, params, headers, store_, now, allow_unsigned);
  }

  static std::string message_of(const UploadAuthResult& result) {
    if (!result.refusal) return "<no refusal>";
    return testing_support::error_message(*result.refusal);
  }

  Cloud cloud_ = make_cloud();
  AssetStore store_;
};

TEST_F(UploadAuthTest, ValidSha1SignatureIsAccepted) {
  auto result = auth(signed_form({{"timestamp", std::to_string(kNow)}, {"public_id", "sample"}, {"tags", "a,b"}}));
  EXPECT_FALSE(result.refusal.has_value()) << message_of(result);
  EXPECT_TRUE(result.may_write);
  EXPECT_EQ(result.record.method, "signature");
  EXPECT_EQ(result.record.outcome, "ok");
  EXPECT_EQ(result.record.api_key, cloud_.api_key);
  EXPECT_EQ(result.record.signature_algorithm, "sha1");
  EXPECT_EQ(result.record.signature_version, 2);
  EXPECT_EQ(result.record.upload_preset, "");
}

TEST_F(UploadAuthTest, Sha256SignatureIsAccepted) {
  auto result =
      auth(signed_form({{"timestamp", std::to_string(kNow)}, {"public_id", "sample"}}, DigestAlgorithm::kSha256));
  EXPECT_FALSE(result.refusal.has_value()) << message_of(result);
  EXPECT_EQ(result.record.outcome, "ok");
  EXPECT_EQ(result.record.signature_algorithm, "sha256");
  EXPECT_EQ(result.record.signature_version, 2);
}

TEST_F(UploadAuthTest, VersionOneSignatureIsRecordedAsSuch) {
  // An '&' in a value is where v1 (SDK < 2.7) and v2 strings differ.
  auto result = auth(signed_form({{"timestamp", std::to_string(kNow)}, {"folder", "a&b"}}, DigestAlgorithm::kSha1, 1));
  EXPECT_FALSE(result.refusal.has_value()) << message_of(result);
  EXPECT_EQ(result.record.signature_version, 1);
}

TEST_F(UploadAuthTest, SignedRequestMayNameASignedModePreset) {
  auto result = auth(signed_form({{"timestamp", std::to_string(kNow)}, {"upload_preset", "signed_preset"}}));
  EXPECT_FALSE(result.refusal.has_value()) << message_of(result);
  EXPECT_EQ(result.record.method, "signature");
  EXPECT_EQ(result.record.upload_preset, "signed_preset");
}

TEST_F(UploadAuthTest, TamperedParamGivesInvalidSignatureWithTheV2StringToSign) {
  FormParams form = signed_form({{"timestamp", std::to_string(kNow)}, {"public_id", "sample"}, {"folder", "x&y"}});
  const std::string signature = form.back().second;
  form[1].second = "evil";  // public_id changed after signing
  auto result = auth(form);
  ASSERT_TRUE(result.refusal.has_value());
  EXPECT_EQ(result.refusal->status, 401);
  EXPECT_EQ(
      result.refusal->body,
      nlohmann::json({{"error",
                       {{"message", "Invalid Signature " + signature +
                                        ". String to sign - 'folder=x%26y&public_id=evil&timestamp=1700000000'."}}}})
          .dump());
  EXPECT_EQ(result.record.method, "signature");
  EXPECT_EQ(result.record.outcome, "invalid_signature");
  EXPECT_EQ(result.record.signature_algorithm, "sha1");
  EXPECT_EQ(result.record.signature_version, 0);
}

TEST_F(UploadAuthTest, SignatureWithTheWrongSecretIsRefused) {
  FormParams params{{"timestamp", std::to_string(kNow)}};
  std::string signature = sign_params(params, "not-the-secret", DigestAlgorithm::kSha256, 2);
  params.emplace_back("api_key", cloud_.api_key);
  params.emplace_back("signature", signature);
  auto result = auth(params);
  ASSERT_TRUE(result.refusal.has_value());
  EXPECT_EQ(result.refusal->status, 401);
  EXPECT_EQ(message_of(result), "Invalid Signature " + signature + ". String to sign - 'timestamp=1700000000'.");
  EXPECT_EQ(result.record.signature_algorithm, "sha256");
}

TEST_F(UploadAuthTest, StaleTimestampIsRefusedWithCloudinarysMessage) {
  auto result = auth(signed_form({{"timestamp", std::to_string(kNow - 3601)}}));
  ASSERT_TRUE(result.refusal.has_value());
  EXPECT_EQ(result.refusal->status, 400);
  EXPECT_EQ(message_of(result),
            "Stale request - reported time is 2023-11-14 21:13:19 +0000 which is more than 1 hour ago");
  EXPECT_EQ(result.record.outcome, "stale_timestamp");
  EXPECT_EQ(result.record.method, "signature");
}

TEST_F(UploadAuthTest, TimestampExactlyOneHourOldIsAccepted) {
  auto result = auth(signed_form({{"timestamp", std::to_string(kNow - kSignatureValiditySeconds)}}));
  EXPECT_FALSE(result.refusal.has_value()) << message_of(result);
  EXPECT_EQ(result.record.outcome, "ok");
}

TEST_F(UploadAuthTest, FutureAndMillisecondTimestampsAreAccepted) {
  auto future = auth(signed_form({{"timestamp", std::to_string(kNow + 7200)}}));
  EXPECT_FALSE(future.refusal.has_value()) << message_of(future);
  auto millis = auth(signed_form({{"timestamp", std::to_string(kNow * 1000 + 123)}}));
  EXPECT_FALSE(millis.refusal.has_value()) << message_of(millis);
  EXPECT_EQ(millis.record.outcome, "ok");
}

TEST_F(UploadAuthTest, NonNumericTimestampIsRefused) {
  auto result = auth(signed_form({{"timestamp", "soon"}}));
  ASSERT_TRUE(result.refusal.has_value());
  EXPECT_EQ(result.refusal->status, 400);
  EXPECT_EQ(message_of(result), "Invalid timestamp soon");
}

TEST_F(UploadAuthTest, UnknownApiKeyIsRefused) {
  FormParams params{{"timestamp", std::to_string(kNow)}};
  params.emplace_back("api_key", "999999999999999");
  params.emplace_back("signature", sign_params(params, cloud_.api_secret, DigestAlgorithm::kSha1, 2));
  auto result = auth(params);
  ASSERT_TRUE(result.refusal.has_value());
  EXPECT_EQ(result.refusal->status, 401);
  EXPECT_EQ(message_of(result), "Unknown API key 999999999999999");
  EXPECT_EQ(result.record.outcome, "unknown_api_key");
  EXPECT_EQ(result.record.api_key, "999999999999999");
}

TEST_F(UploadAuthTest, MissingTimestampOrSignatureIsAMissingParameter) {
  FormParams no_timestamp = signed_form({{"public_id", "x"}});
  auto a = auth(no_timestamp);
  ASSERT_TRUE(a.refusal.has_value());
  EXPECT_EQ(a.refusal->status, 400);
  EXPECT_EQ(message_of(a), "Missing required parameter - timestamp");
  EXPECT_EQ(a.record.outcome, "missing_parameter");

  FormParams no_signature{{"timestamp", std::to_string(kNow)}, {"api_key", cloud_.api_key}};
  auto b = auth(no_signature);
  ASSERT_TRUE(b.refusal.has_value());
  EXPECT_EQ(b.refusal->status, 400);
  EXPECT_EQ(message_of(b), "Missing required parameter - signature");
  EXPECT_EQ(b.record.outcome, "missing_parameter");
  EXPECT_EQ(b.record.method, "signature");

  FormParams no_api_key{{"timestamp", std::to_string(kNow)}, {"signature", std::string(40, 'a')}};
  auto c = auth(no_api_key);
  ASSERT_TRUE(c.refusal.has_value());
  EXPECT_EQ(c.refusal->status, 400);
  EXPECT_EQ(message_of(c), "Missing required parameter - api_key");
}

TEST_F(UploadAuthTest, UnsignedUploadWithAnUnsignedPreset) {
  auto result = auth({{"upload_preset", "open_preset"}, {"public_id", "x"}});
  EXPECT_FALSE(result.refusal.has_value()) << message_of(result);
  EXPECT_TRUE(result.may_write);
  EXPECT_EQ(result.record.method, "unsigned_preset");
  EXPECT_EQ(result.record.outcome, "ok");
  EXPECT_EQ(result.record.upload_preset, "open_preset");
  EXPECT_EQ(result.record.api_key, "");
}

TEST_F(UploadAuthTest, PresetsAddedAtRuntimeAreSeen) {
  store_.put_preset(cloud_.cloud_name, {"made_later", true, nlohmann::json::object()});
  auto result = auth({{"upload_preset", "made_later"}});
  EXPECT_FALSE(result.refusal.has_value()) << message_of(result);
}

TEST_F(UploadAuthTest, UnsignedUploadRefusals) {
  auto unknown = auth({{"upload_preset", "no_such_preset"}});
  ASSERT_TRUE(unknown.refusal.has_value());
  EXPECT_EQ(unknown.refusal->status, 400);
  EXPECT_EQ(message_of(unknown), "Upload preset not found");
  EXPECT_EQ(unknown.record.outcome, "unknown_preset");
  EXPECT_EQ(unknown.record.upload_preset, "no_such_preset");

  auto signed_mode = auth({{"upload_preset", "signed_preset"}});
  ASSERT_TRUE(signed_mode.refusal.has_value());
  EXPECT_EQ(signed_mode.refusal->status, 400);
  EXPECT_EQ(message_of(signed_mode), "Upload preset must be whitelisted for unsigned uploads");
  EXPECT_EQ(signed_mode.record.outcome, "preset_not_unsigned");

  for (const FormParams& form : {FormParams{{"public_id", "x"}}, FormParams{{"upload_preset", ""}}}) {
    auto none = auth(form);
    ASSERT_TRUE(none.refusal.has_value());
    EXPECT_EQ(none.refusal->status, 400);
    EXPECT_EQ(message_of(none), "Upload preset must be specified when using unsigned upload");
    EXPECT_EQ(none.record.outcome, "missing_parameter");
    EXPECT_EQ(none.record.method, "unsigned_preset");
  }
}

TEST_F(UploadAuthTest, CallsThatMustBeSignedRefuseAnUnsignedPreset) {
  auto result = auth({{"upload_preset", "open_preset"}, {"public_id", "x"}}, {}, /*allow_unsigned=*/false);
  ASSERT_TRUE(result.refusal.has_value());
  EXPECT_EQ(result.refusal->status, 400);
  EXPECT_EQ(message_of(result), "Missing required parameter - api_key");
}

TEST_F(UploadAuthTest, BasicAuthWithTheRightAndWrongCredentials) {
  auto ok = auth({{"public_id", "x"}}, {{"authorization", basic_auth(cloud_.api_key, cloud_.api_secret)}});
  EXPECT_FALSE(ok.refusal.has_value()) << message_of(ok);
  EXPECT_EQ(ok.record.method, "basic");
  EXPECT_EQ(ok.record.outcome, "ok");
  EXPECT_EQ(ok.record.api_key, cloud_.api_key);

  for (const std::string& credentials :
       {cloud_.api_key + ":wrong", "123:" + cloud_.api_secret, cloud_.api_key + cloud_.api_secret}) {
    SCOPED_TRACE(credentials);
    auto bad = auth({}, {{"Authorization", "Basic " + base64_encode(credentials)}});
    ASSERT_TRUE(bad.refusal.has_value());
    EXPECT_EQ(bad.refusal->status, 401);
    EXPECT_EQ(message_of(bad), "Invalid credentials");
    EXPECT_EQ(bad.record.method, "basic");
    EXPECT_EQ(bad.record.outcome, "invalid_credentials");
  }
  auto garbled = auth({}, {{"Authorization", "Basic !!!not-base64"}});
  ASSERT_TRUE(garbled.refusal.has_value());
  EXPECT_EQ(garbled.record.outcome, "invalid_credentials");
}

TEST_F(UploadAuthTest, BearerTokenIsRecordedNotValidated) {
  auto result = auth({{"public_id", "x"}}, {{"Authorization", "Bearer some-oauth-token"}});
  EXPECT_FALSE(result.refusal.has_value());
  EXPECT_EQ(result.record.method, "bearer");
  EXPECT_EQ(result.record.outcome, "not_validated");
}

TEST_F(UploadAuthTest, ReadOnlyKeyAuthenticatesButMayNotWrite) {
  cloud_ = make_cloud(Role::kReadOnly);
  auto result = auth(signed_form({{"timestamp", std::to_string(kNow)}}));
  EXPECT_FALSE(result.refusal.has_value()) << message_of(result);
  EXPECT_EQ(result.record.outcome, "ok");
  EXPECT_FALSE(result.may_write);

  auto basic = auth({}, {{"Authorization", basic_auth(cloud_.api_key, cloud_.api_secret)}});
  EXPECT_FALSE(basic.refusal.has_value());
  EXPECT_FALSE(basic.may_write);

  // An unsigned preset is a cloud-wide setting, not the key's: it may write.
  auto unsigned_upload = auth({{"upload_preset", "open_preset"}});
  EXPECT_FALSE(unsigned_upload.refusal.has_value()) << message_of(unsigned_upload);
  EXPECT_TRUE(unsigned_upload.may_write);
}

}  // namespace
}  // namespace cldcert::mock
