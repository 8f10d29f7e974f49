#include "harness/checks/upload_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/checks/check_test_support.h"
#include "harness/delivery_probe.h"

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using testing_support::Evidence;

// --- upload.media_types

TEST(UploadMediaTypes, PassesWhenEachUploadHitsItsResourceType) {
  Evidence ev;
  ev.step("upload", {{"resource_type", "image"}});
  ev.upload("image");
  ev.step("upload", {{"resource_type", "video"}});
  ev.upload("video");
  auto r = ev.run(&check_upload_media_types);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("2 upload step(s)"));
}

TEST(UploadMediaTypes, AVideoSentAsRawFailsWithTheRightEndpointAsNearMiss) {
  Evidence ev;
  ev.step("upload", {{"resource_type", "video"}});
  ev.upload("raw");
  auto r = ev.run(&check_upload_media_types);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("sent it to /v1_1/alpha/raw/upload as resource type 'raw'"));
  EXPECT_EQ(r.near_miss, "POST /v1_1/alpha/video/upload");
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].ref, "journal:1");
}

TEST(UploadMediaTypes, SkipsWithoutResourceTypeArgsAndIgnoresFailedSteps) {
  Evidence ev;
  ev.step("upload");
  ev.upload("raw");
  EXPECT_EQ(ev.run(&check_upload_media_types).verdict, Verdict::kSkip);
  ev.step("upload", {{"resource_type", "video"}}, 2);  // refused before sending: its own error says why
  EXPECT_EQ(ev.run(&check_upload_media_types).verdict, Verdict::kPass);
  ev.step("upload", {{"resource_type", "video"}}, 0);  // "succeeded" without sending anything
  EXPECT_EQ(ev.run(&check_upload_media_types).verdict, Verdict::kFail);
}

// --- upload.presets

TEST(UploadPresets, SignedAndUnsignedPresetUploadsPass) {
  Evidence ev;
  ev.step("upload", {{"upload_preset", "site"}, {"signing", "unsigned"}});
  auto& u = ev.upload();
  u.auth.method = "unsigned_preset";
  u.fields.push_back(mock::text_field("upload_preset", "site"));
  ev.step("upload", {{"upload_preset", "signed_site"}, {"signing", "signed"}});
  ev.upload().fields.push_back(mock::text_field("upload_preset", "signed_site"));
  auto r = ev.run(&check_upload_presets);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST(UploadPresets, ADroppedPresetFails) {
  Evidence ev;
  ev.step("upload", {{"upload_preset", "signed_site"}});
  ev.upload();
  auto r = ev.run(&check_upload_presets);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("asked to upload with preset 'signed_site', sent no upload_preset"));
}

TEST(UploadPresets, SigningThatDiffersFromTheAskFails) {
  Evidence ev;
  ev.step("upload", {{"upload_preset", "site"}, {"signing", "unsigned"}});
  ev.upload().fields.push_back(mock::text_field("upload_preset", "site"));
  auto r = ev.run(&check_upload_presets);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("asked for an unsigned upload with preset 'site', sent a signature upload"));
}

TEST(UploadPresets, TheMocksRefusalOfASignatureFailsButForbiddenDoesNot) {
  Evidence ev;
  ev.step("upload");
  ev.upload().auth.outcome = "forbidden";
  EXPECT_EQ(ev.run(&check_upload_presets).verdict, Verdict::kPass);
  ev.upload().auth.outcome = "invalid_signature";
  auto r = ev.run(&check_upload_presets);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("refused the signature upload: invalid_signature"));
}

// --- upload.breakpoints

std::string srcset(const std::vector<int>& widths) {
  std::string out;
  for (int w : widths) {
    out += (out.empty() ? "" : ", ") + std::string("https://res.cloudinary.com/alpha/image/upload/c_scale,w_") +
           std::to_string(w) + "/f_auto,q_auto/v1/a " + std::to_string(w) + "w";
  }
  return out;
}

void breakpoints_upload(Evidence& ev, const std::vector<int>& printed) {
  auto& step = ev.step("upload", {{"breakpoints", "auto"}});
  step.last_json = {{"public_id", "a"}, {"srcset", srcset(printed)}};
  auto& u = ev.upload();
  u.fields.push_back(mock::text_field("responsive_breakpoints", R"([{"create_derived":true}])"));
  u.response_body = R"({"responsive_breakpoints":[{"breakpoints":[{"width":1200},{"width":740},{"width":200}]}]})";
}

TEST(UploadBreakpoints, PassesWhenTheSrcsetUsesTheComputedWidths) {
  Evidence ev;
  breakpoints_upload(ev, {200, 740, 1200});
  auto r = ev.run(&check_upload_breakpoints);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST(UploadBreakpoints, FixedWidthsFailNamingBothSets) {
  Evidence ev;
  breakpoints_upload(ev, {320, 640, 1280});
  auto r = ev.run(&check_upload_breakpoints);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("printed srcset widths [320, 640, 1280], Cloudinary computed [1200, 740, 200]"));
}

TEST(UploadBreakpoints, NoSrcsetOrNoRequestFails) {
  Evidence ev;
  ev.step("upload", {{"breakpoints", "auto"}}).last_json = {{"public_id", "a"}};
  ev.upload();
  auto r = ev.run(&check_upload_breakpoints);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("did not request responsive_breakpoints"));
  EXPECT_EQ(Evidence().run(&check_upload_breakpoints).verdict, Verdict::kSkip);
}

// --- upload.chunked

constexpr std::uint64_t kBig = 110ull * 1024 * 1024;

void chunk(Evidence& ev, const std::string& id, std::uint64_t start, std::uint64_t end) {
  ev.upload("raw").chunk = mock::ChunkRecord{id, start, end, -1, end - start + 1, false};
}

TEST(UploadChunked, ContiguousChunksUnderOneIdPass) {
  Evidence ev;
  ev.fixture("/f/big", kBig, "aa");
  ev.step("upload", {{"file", "/f/big"}});
  std::uint64_t at = 0;
  while (at < kBig) {
    std::uint64_t end = std::min<std::uint64_t>(at + 20'000'000, kBig) - 1;
    chunk(ev, "u1", at, end);
    at = end + 1;
  }
  auto r = ev.run(&check_upload_chunked);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
}

TEST(UploadChunked, OneWholeRequestFails) {
  Evidence ev;
  ev.fixture("/f/big", kBig, "aa");
  ev.step("upload", {{"file", "/f/big"}}, 2);
  ev.upload("raw", 413).body_size = kBig;
  auto r = ev.run(&check_upload_chunked);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("in one request of 110.0 MiB (answered 413)"));
}

TEST(UploadChunked, GapsTinyChunksAndSeveralIdsFail) {
  Evidence gap;
  gap.fixture("/f/big", kBig, "aa");
  gap.step("upload", {{"file", "/f/big"}});
  chunk(gap, "u1", 0, 19'999'999);
  chunk(gap, "u1", 20'000'010, kBig - 1);
  EXPECT_THAT(gap.run(&check_upload_chunked).message, HasSubstr("(a gap)"));

  Evidence tiny;
  tiny.fixture("/f/big", kBig, "aa");
  tiny.step("upload", {{"file", "/f/big"}});
  chunk(tiny, "u1", 0, 999'999);
  chunk(tiny, "u1", 1'000'000, kBig - 1);
  EXPECT_THAT(tiny.run(&check_upload_chunked).message, HasSubstr("outside 5–100 MB"));

  Evidence ids;
  ids.fixture("/f/big", kBig, "aa");
  ids.step("upload", {{"file", "/f/big"}});
  chunk(ids, "u1", 0, 59'999'999);
  chunk(ids, "u2", 60'000'000, kBig - 1);
  EXPECT_THAT(ids.run(&check_upload_chunked).message, HasSubstr("2 X-Unique-Upload-Id values"));
}

TEST(UploadChunked, SmallFilesAreNotJudged) {
  Evidence ev;
  ev.fixture("/f/small", 1000, "aa");
  ev.step("upload", {{"file", "/f/small"}});
  ev.upload();
  EXPECT_EQ(ev.run(&check_upload_chunked).verdict, Verdict::kSkip);
}

// --- upload.integrity

void stored(Evidence& ev, const std::string& sha) {
  ev.fixture("/f/big", kBig, "good");
  ev.step("upload", {{"file", "/f/big"}});
  auto& e = ev.upload("raw");
  e.asset_sha256 = sha;
  e.public_id = "big.bin";
}

TEST(UploadIntegrity, MatchingStoreAndDeliveryPass) {
  Evidence ev;
  stored(ev, "good");
  ev.step("cldcert.get").last_json = {{"url", "https://res.cloudinary.com/alpha/raw/upload/v1/big.bin"},
                                      {"status", 200},
                                      {"bytes", kBig},
                                      {"sha256", "good"}};
  auto r = ev.run(&check_upload_integrity);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("2 large file(s) and deliveries"));
}

TEST(UploadIntegrity, StoredBytesThatDifferFail) {
  Evidence ev;
  stored(ev, "bad0123456789abcdef");
  auto r = ev.run(&check_upload_integrity);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("with SHA-256 bad0123456789abc…, the file's is good…"));
}

TEST(UploadIntegrity, ADeliveryThatFailsOrDiffersFails) {
  Evidence ev;
  stored(ev, "good");
  ev.step("cldcert.get").last_json = {
      {"url", "https://res.cloudinary.com/alpha/raw/upload/v1/big.bin"}, {"status", 404}, {"bytes", 0}, {"sha256", ""}};
  EXPECT_THAT(ev.run(&check_upload_integrity).message, HasSubstr("answered 404"));
}

// A live run's cldcert.get (probe_live_delivery): HEAD, then the first and last kDeliveryProbeBytes.
nlohmann::json probed(int head_status = 200, std::uint64_t bytes = kBig) {
  return {{"url", "https://res.cloudinary.com/alpha/raw/upload/v1/big.bin"},
          {"status", head_status},
          {"bytes", bytes},
          {"via", "cdn"},
          {"ranges",
           {{{"first", 0},
             {"last", kDeliveryProbeBytes - 1},
             {"status", 206},
             {"bytes", kDeliveryProbeBytes},
             {"sha256", "head"}},
            {{"first", kBig - kDeliveryProbeBytes},
             {"last", kBig - 1},
             {"status", 206},
             {"bytes", kDeliveryProbeBytes},
             {"sha256", "tail"}}}}};
}

void stored_with_probes(Evidence& ev) {
  ev.fixture("/f/big", kBig, "good", "head", "tail");
  ev.step("upload", {{"file", "/f/big"}});
  auto& e = ev.upload("raw");
  e.asset_sha256 = "good";
  e.public_id = "big.bin";
}

TEST(UploadIntegrity, ALiveProbeWhoseSizeAndRangesMatchPasses) {
  Evidence ev;
  stored_with_probes(ev);
  ev.step("cldcert.get").last_json = probed();
  auto r = ev.run(&check_upload_integrity);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.message;
  EXPECT_THAT(r.message, HasSubstr("2 large file(s) and deliveries"));
}

TEST(UploadIntegrity, ALiveProbeNamesTheUrlAndRangeThatDiffered) {
  Evidence ev;
  stored_with_probes(ev);
  nlohmann::json got = probed();
  got["ranges"][1]["sha256"] = "0123456789abcdef0123";
  ev.step("cldcert.get").last_json = got;
  auto r = ev.run(&check_upload_integrity);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("GET https://res.cloudinary.com/alpha/raw/upload/v1/big.bin (Range: bytes=" +
                                   std::to_string(kBig - kDeliveryProbeBytes) + "-" + std::to_string(kBig - 1) +
                                   ") returned 1048576 bytes with SHA-256 0123456789abcdef…, the same bytes of "));
  EXPECT_THAT(r.message, HasSubstr(" have tail…"));
}

TEST(UploadIntegrity, ALiveProbesHeadStatusSizeAndRangeStatusAreJudged) {
  Evidence missing;
  stored_with_probes(missing);
  nlohmann::json gone = probed(404);
  gone["ranges"] = nlohmann::json::array();
  gone.erase("bytes");
  missing.step("cldcert.get").last_json = gone;
  EXPECT_THAT(missing.run(&check_upload_integrity).message,
              HasSubstr("HEAD https://res.cloudinary.com/alpha/raw/upload/v1/big.bin answered 404"));

  Evidence shorter;
  stored_with_probes(shorter);
  shorter.step("cldcert.get").last_json = probed(200, kBig - 1);
  EXPECT_THAT(shorter.run(&check_upload_integrity).message,
              HasSubstr("says " + std::to_string(kBig - 1) + " bytes, /f/big has " + std::to_string(kBig)));

  Evidence refused;
  stored_with_probes(refused);
  nlohmann::json got = probed();
  got["ranges"][0] = {{"first", 0}, {"last", kDeliveryProbeBytes - 1}, {"status", 416}};
  refused.step("cldcert.get").last_json = got;
  auto r = refused.run(&check_upload_integrity);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("(Range: bytes=0-1048575) answered 416"));
}

// A CDN that answers the Range with the whole body: the head is hashed from that answer's first bytes, the
// tail could not be had; a warning that says so, never a pass.
TEST(UploadIntegrity, ARangeTheCdnIgnoredIsUnverifiedNotPassed) {
  Evidence ev;
  stored_with_probes(ev);
  nlohmann::json got = probed();
  got["ranges"][0]["status"] = 200;
  got["ranges"][1] = {{"first", kBig - kDeliveryProbeBytes}, {"last", kBig - 1}, {"status", 200}};
  ev.step("cldcert.get").last_json = got;
  auto r = ev.run(&check_upload_integrity);
  EXPECT_EQ(r.verdict, Verdict::kWarn) << r.message;
  EXPECT_THAT(r.message, HasSubstr("answered 200: the CDN ignored the Range, so those bytes were not verified"));
  EXPECT_THAT(r.hint, HasSubstr("without --live"));
  // The head it could hash still counts: wrong bytes there fail.
  got["ranges"][0]["sha256"] = "other";
  Evidence wrong;
  stored_with_probes(wrong);
  wrong.step("cldcert.get").last_json = got;
  EXPECT_EQ(wrong.run(&check_upload_integrity).verdict, Verdict::kFail);
}

TEST(UploadIntegrity, ARefusedUploadIsLeftToTheChunkCheckButASilentOneFails) {
  Evidence refused;
  refused.fixture("/f/big", kBig, "good");
  refused.step("upload", {{"file", "/f/big"}}, 2);
  refused.upload("raw", 413);
  EXPECT_EQ(refused.run(&check_upload_integrity).verdict, Verdict::kSkip);
  Evidence silent;
  silent.fixture("/f/big", kBig, "good");
  silent.step("upload", {{"file", "/f/big"}}, 0);
  EXPECT_THAT(silent.run(&check_upload_integrity).message, HasSubstr("reported success, but no upload"));
}

}  // namespace
}  // namespace cldcert
