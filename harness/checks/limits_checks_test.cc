#include "harness/checks/limits_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/check_test_support.h"
#include "harness/manifest.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using testing_support::Evidence;

constexpr std::uint64_t kMax = 1000;

// The limits scenario's four uploads: a file at max_upload_bytes and one byte past it, a png and an
// .exe; each side behaves as an integration that holds its limits unless a test changes it.
class LimitsChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ev.manifest().limits.max_upload_bytes = kMax;
    ev.manifest().limits.file_types = {"png", "bin"};
    ev.fixture("/f/at.bin", kMax, "sha-at");
    ev.fixture("/f/past.bin", kMax + 1, "sha-past");
    ev.fixture("/f/photo.png", 300, "sha-photo");
    ev.fixture("/f/tool.exe", 400, "sha-exe");
  }

  // An upload the integration accepts: one request, the file stored.
  StepRecord& accepted(const std::string& file, const std::string& sha, const std::string& resource_type = "raw") {
    ev.step("upload", {{"file", file}, {"resource_type", resource_type}});
    ev.upload(resource_type);
    ev.store().assets.push_back({"alpha", resource_type, "upload", "id-" + sha, 1, sha});
    return ev.steps().back();
  }
  // An upload the integration refuses cleanly: exit 1, one line on stderr, nothing sent.
  StepRecord& refused(const std::string& file, const std::string& resource_type = "raw") {
    StepRecord& s = ev.step("upload", {{"file", file}, {"resource_type", resource_type}}, 1);
    s.stderr_text = "error: cannot upload " + file + ": over the limit\n";
    return s;
  }

  Evidence ev;
};

TEST_F(LimitsChecksTest, BothSidesOfBothLimitsHeldPass) {
  accepted("/f/at.bin", "sha-at");
  refused("/f/past.bin");
  accepted("/f/photo.png", "sha-photo", "image");
  refused("/f/tool.exe");
  auto size = ev.run(&check_limits_upload_size);
  EXPECT_EQ(size.verdict, Verdict::kPass) << size.message;
  EXPECT_THAT(size.message, HasSubstr("3 upload(s) at limits.max_upload_bytes (2 within, 1 past)"));
  auto types = ev.run(&check_limits_file_types);
  EXPECT_EQ(types.verdict, Verdict::kPass) << types.message;
  // The .exe is judged by the type only (any size), the oversize .bin by the size only.
  EXPECT_THAT(types.message, HasSubstr("3 upload(s) at limits.file_types (2 within, 1 past)"));
  EXPECT_FALSE(types.evidence.empty());
}

TEST_F(LimitsChecksTest, AnOversizeFileSentToCloudinaryFailsWithTheRequestAsEvidence) {
  accepted("/f/at.bin", "sha-at");
  accepted("/f/past.bin", "sha-past");  // declared, not enforced
  auto r = ev.run(&check_limits_upload_size);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.seen, HasSubstr("upload#2 sent a .bin file of 1001 bytes past the declared limit to Cloudinary"));
  EXPECT_THAT(r.message, HasSubstr("exited 0"));
  EXPECT_EQ(r.evidence.at(1).kind, "request");
  EXPECT_THAT(r.hint, HasSubstr("limits.max_upload_bytes"));
  // The type limit does not judge a file the size limit refuses: only the one at the limit.
  EXPECT_THAT(ev.run(&check_limits_file_types).message,
              HasSubstr("1 upload(s) at limits.file_types (1 within, 0 past)"));
}

TEST_F(LimitsChecksTest, AFileAtTheLimitRefusedOrNotStoredFails) {
  refused("/f/at.bin");
  auto r = ev.run(&check_limits_upload_size);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.seen, HasSubstr("upload#1 refused a .bin file of 1000 bytes within the declared limits (exit 1"));

  Evidence lost;
  lost.manifest().limits.max_upload_bytes = kMax;
  lost.fixture("/f/at.bin", kMax, "sha-at");
  lost.step("upload", {{"file", "/f/at.bin"}, {"resource_type", "raw"}});
  lost.upload("raw");
  auto not_stored = lost.run(&check_limits_upload_size);
  EXPECT_EQ(not_stored.verdict, Verdict::kFail);
  EXPECT_THAT(not_stored.seen, HasSubstr("holds no asset with its bytes"));
}

TEST_F(LimitsChecksTest, ARefusalMustBeAMessageNotACrashOrSilence) {
  refused("/f/tool.exe").stderr_text = "Error: type\n    at upload (/srv/cli.js:4:2)\n";
  refused("/f/tool.exe").stderr_text = "";
  refused("/f/tool.exe").stderr_text = "Uploading tool.exe\nerror: .exe files are not accepted\n";
  auto r = ev.run(&check_limits_file_types);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  for (const char* said : {"3 of 3 upload(s)", "upload#1 refused a .exe file of 400 bytes but crashed with a stack",
                           "upload#2 refused a .exe file of 400 bytes but printed no message on stderr",
                           "upload#3 refused a .exe file of 400 bytes but said why in 2 lines on stderr, not one"}) {
    EXPECT_THAT(r.message, HasSubstr(said));
  }
}

TEST_F(LimitsChecksTest, AnUnlistedTypeAcceptedFailsAndAResourceTypeCountsAsAType) {
  accepted("/f/tool.exe", "sha-exe");
  auto r = ev.run(&check_limits_file_types);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.seen, HasSubstr("upload#1 sent a .exe file of 400 bytes past the declared limit to Cloudinary"));

  ev.manifest().limits.file_types = {"raw"};  // every raw file
  EXPECT_EQ(ev.run(&check_limits_file_types).verdict, Verdict::kPass);
}

TEST_F(LimitsChecksTest, SkipsWhatTheManifestDoesNotDeclareOrTheScenarioDidNotUpload) {
  EXPECT_EQ(ev.run(&check_limits_upload_size).verdict, Verdict::kSkip);  // no upload ran
  ev.manifest().limits = Limits{};
  accepted("/f/tool.exe", "sha-exe");
  auto size = ev.run(&check_limits_upload_size);
  EXPECT_EQ(size.verdict, Verdict::kSkip);
  EXPECT_EQ(size.message, "the manifest declares no limits.max_upload_bytes");
  EXPECT_EQ(ev.run(&check_limits_file_types).message, "the manifest declares no limits.file_types");
}

TEST_F(LimitsChecksTest, LeftOutAndErroredStepsAreNotJudged) {
  ev.step("upload", {{"file", "/f/past.bin"}}).skipped = "the manifest declares no limits.max_upload_bytes";
  ev.step("upload", {{"file", "/f/past.bin"}}, -1).error = "timed out after 900 s";
  EXPECT_EQ(ev.run(&check_limits_upload_size).verdict, Verdict::kSkip);
}

}  // namespace
}  // namespace cldcert
