#include "harness/checks/limits_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

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

// A limit the manifest does not declare is not applicable, with the reason (issue 15: not "not checked").
TEST_F(LimitsChecksTest, SkipsWhatTheScenarioDidNotUploadAndIsNotApplicableToAnUndeclaredLimit) {
  EXPECT_EQ(ev.run(&check_limits_upload_size).verdict, Verdict::kSkip);  // no upload ran
  ev.manifest().limits = Limits{};
  accepted("/f/tool.exe", "sha-exe");
  auto size = ev.run(&check_limits_upload_size);
  EXPECT_EQ(size.verdict, Verdict::kNotApplicable);
  EXPECT_EQ(size.message, "the manifest declares no limits.max_upload_bytes");
  EXPECT_EQ(ev.run(&check_limits_file_types).verdict, Verdict::kNotApplicable);
  EXPECT_EQ(ev.run(&check_limits_file_types).message, "the manifest declares no limits.file_types");
  for (auto check : {&check_limits_listed, &check_limits_parallel_uploads, &check_limits_queue_size})
    EXPECT_EQ(ev.run(check).verdict, Verdict::kNotApplicable);
  EXPECT_EQ(ev.run(&check_limits_queue_size).message, "the manifest declares no limits.queue_size");
}

TEST_F(LimitsChecksTest, LeftOutAndErroredStepsAreNotJudged) {
  ev.step("upload", {{"file", "/f/past.bin"}}).skipped = "the manifest declares no limits.max_upload_bytes";
  ev.step("upload", {{"file", "/f/past.bin"}}, -1).error = "timed out after 900 s";
  EXPECT_EQ(ev.run(&check_limits_upload_size).verdict, Verdict::kSkip);
}

// max_listed: the limits scenario lists the cloud holding exactly the limit, then one asset more.
class ListedLimitTest : public ::testing::Test {
 protected:
  static constexpr std::uint64_t kListed = 3;
  void SetUp() override { ev.manifest().limits.max_listed = kListed; }

  // A list step with the cloud holding `held` images; it asks for `max_results` and shows `shown` of them.
  StepRecord& list(std::uint64_t held, const std::string& max_results, std::uint64_t shown) {
    ev.step("list", {{"resource_type", "image"}});
    for (std::uint64_t i = ev.store().assets.size(); i < held; ++i)
      ev.store().assets.push_back(
          {"alpha", "image", "upload", "img" + std::to_string(i), 1, "sha" + std::to_string(i)});
    auto& request = ev.request("GET", "/v1_1/alpha/resources/image");
    request.api = "admin";
    request.action = "resources.list";
    if (!max_results.empty()) request.query_params.emplace_back("max_results", max_results);
    nlohmann::json assets = nlohmann::json::array();
    for (std::uint64_t i = 0; i < shown; ++i) assets.push_back({{"public_id", "img" + std::to_string(i)}});
    StepRecord& step = ev.steps().back();
    step.last_json = {{"assets", assets}};
    return step;
  }

  Evidence ev;
};

TEST_F(ListedLimitTest, APageOfTheLimitAtAndPastItPasses) {
  list(2, "3", 2);  // fewer than the limit: not judged
  list(3, "3", 3);
  list(4, "3", 3);
  auto r = ev.run(&check_limits_listed);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("2 list(s) at limits.max_listed (1 at, 1 past)"));
}

TEST_F(ListedLimitTest, ShowingOrAskingForMoreThanTheLimitFails) {
  list(3, "3", 3);
  list(4, "500", 4);
  auto r = ev.run(&check_limits_listed);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.seen, HasSubstr("list#2 asked Cloudinary for more assets than limits.max_listed 3 (max_results=500)"));
  EXPECT_THAT(r.message, HasSubstr("showed 4 assets of the cloud holding 4 image assets, past limits.max_listed 3"));
  EXPECT_EQ(r.evidence.at(1).kind, "request");  // after the page of list#1 that held
}

TEST_F(ListedLimitTest, NoMaxResultsIsCloudinarysTenAndShowingTooFewFails) {
  list(3, "", 3);  // Cloudinary's default page of 10 is past a limit of 3
  EXPECT_THAT(ev.run(&check_limits_listed).seen, HasSubstr("(no max_results, so Cloudinary's default 10)"));

  ev = Evidence{};
  ev.manifest().limits.max_listed = kListed;
  list(4, "2", 2);
  auto r = ev.run(&check_limits_listed);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.seen, HasSubstr("showed 2 different assets of the cloud holding 4 image assets, not 3"));
}

TEST_F(ListedLimitTest, AnAssetTheCloudDoesNotHoldOrAFailedListFails) {
  list(3, "3", 3).last_json["assets"][1]["public_id"] = "invented";
  EXPECT_THAT(ev.run(&check_limits_listed).seen, HasSubstr("list#1 showed assets the cloud does not hold: invented"));
  ev = Evidence{};
  ev.manifest().limits.max_listed = kListed;
  list(4, "3", 0).exit_code = 2;
  EXPECT_THAT(ev.run(&check_limits_listed).seen, HasSubstr("list#1 failed to list the cloud holding 4 image assets"));
}

TEST_F(ListedLimitTest, NoListWithEnoughAssetsIsSkipped) {
  list(1, "3", 1);
  EXPECT_EQ(ev.run(&check_limits_listed).verdict, Verdict::kSkip);
}

// max_parallel_uploads and queue_size: batch uploads ("folder") of PNGs.
class BatchLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ev.manifest().limits.max_parallel_uploads = 2;
    ev.manifest().limits.queue_size = 3;
  }

  // A batch of `files` PNGs under /b/<name>/ (their fixtures), uploaded `at_once` at a time (0: refused).
  StepRecord& batch(const std::string& name, std::size_t files, std::size_t at_once) {
    for (std::size_t i = 1; i <= files; ++i)
      ev.fixture("/b/" + name + "/" + name + "-" + std::to_string(i) + ".png", 100, name + std::to_string(i));
    StepRecord& step = ev.step("upload", {{"folder", "/b/" + name}, {"resource_type", "image"}}, at_once ? 0 : 1);
    if (!at_once) {
      step.stderr_text = "error: cannot queue " + std::to_string(files) + " files: the queue holds at most 3\n";
      return step;
    }
    for (std::size_t i = 1; i <= files; ++i) {
      // Each upload lasts 10 ms; a new round starts as the last one ends.
      ev.upload("image", 200, (i - 1) % at_once == 0 ? 0 : -10);
      ev.store().assets.push_back(
          {"alpha", "image", "upload", name + std::to_string(i), 100, name + std::to_string(i)});
    }
    return ev.steps().back();
  }

  Evidence ev;
};

TEST_F(BatchLimitsTest, BatchesWithinBothLimitsAndOnePastTheQueuePass) {
  batch("pair", 2, 2);
  batch("three", 3, 2);
  batch("four", 4, 0);
  // The batch past the queue is the queue's: refused, it says nothing of parallel uploads.
  const std::pair<CheckFunction, std::string> counted[] = {
      {&check_limits_parallel_uploads, "2 batch upload(s) at limits.max_parallel_uploads (1 within, 1 past)"},
      {&check_limits_queue_size, "3 batch upload(s) at limits.queue_size (2 within, 1 past)"}};
  for (const auto& [check, sides] : counted) {
    auto r = ev.run(check);
    EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
    EXPECT_THAT(r.message, HasSubstr(sides));
  }
}

TEST_F(BatchLimitsTest, MoreUploadsInFlightThanDeclaredFailsWithThemAsEvidence) {
  batch("three", 3, 3);
  auto r = ev.run(&check_limits_parallel_uploads);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.seen, HasSubstr("upload#1 had 3 uploads in flight at once, past limits.max_parallel_uploads 2"));
  EXPECT_EQ(std::count_if(r.evidence.begin(), r.evidence.end(), [](const auto& e) { return e.kind == "request"; }), 3);
  EXPECT_EQ(ev.run(&check_limits_queue_size).verdict, Verdict::kPass);  // the queue held
}

TEST_F(BatchLimitsTest, AFileLostFromABatchFailsBoth) {
  batch("three", 3, 2);
  ev.store().assets.pop_back();
  auto r = ev.run(&check_limits_queue_size);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(
      r.seen,
      HasSubstr("uploaded a batch of 3 .png files but the cloud alpha holds 2 of them: lost /b/three/three-3.png"));
  EXPECT_EQ(ev.run(&check_limits_parallel_uploads).verdict, Verdict::kFail);
}

TEST_F(BatchLimitsTest, ABatchPastTheQueueSentToCloudinaryFails) {
  batch("four", 4, 2);
  auto r = ev.run(&check_limits_queue_size);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.seen,
              HasSubstr("upload#1 sent a batch of 4 .png files past the declared limit to Cloudinary instead of "
                        "refusing it"));
}

TEST_F(BatchLimitsTest, ABatchOfATypeTheIntegrationRefusesIsTheTypeLimits) {
  ev.manifest().limits.file_types = {"jpg"};
  batch("pair", 2, 0);
  EXPECT_EQ(ev.run(&check_limits_queue_size).verdict, Verdict::kSkip);
  EXPECT_EQ(ev.run(&check_limits_parallel_uploads).verdict, Verdict::kSkip);
}

}  // namespace
}  // namespace cldcert
