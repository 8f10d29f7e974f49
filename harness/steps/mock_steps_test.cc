#include "harness/steps/mock_steps.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <httplib.h>

#include <thread>

#include "harness/delivery_probe.h"
#include "harness/live/live_run.h"
#include "harness/live/live_test_support.h"
#include "harness/scenario.h"
#include "mocks/digest.h"
#include "mocks/http_server.h"
#include "mocks/mock_test_support.h"

namespace cldcert {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace mock::testing_support;

TEST(HarnessStepProblems, NameEachMissingOrMalformedArgument) {
  EXPECT_THAT(harness_step_problems("cldcert.fault", {{"family", "upload"}, {"status", "4x0"}}),
              ElementsAre(HasSubstr("args/status: expected an HTTP status such as \"420\", found \"4x0\"")));
  EXPECT_THAT(harness_step_problems("cldcert.fault", {{"path", "/x"}, {"status", "420"}, {"to", "-1"}}),
              ElementsAre(HasSubstr("args/to")));
  EXPECT_TRUE(
      harness_step_problems("cldcert.fault", {{"path", "/x"}, {"status", "503"}, {"retry_after", "2"}}).empty());
  EXPECT_THAT(harness_step_problems("cldcert.named_transformation", {{"name", "thumb"}}),
              ElementsAre(HasSubstr("args/transformation")));
  EXPECT_THAT(harness_step_problems("cldcert.get", {}), ElementsAre(HasSubstr("args/url")));
  EXPECT_THAT(harness_step_problems("cldcert.nope", {}),
              ElementsAre(HasSubstr("cldcert.fault, cldcert.named_transformation, cldcert.get")));
  EXPECT_THAT(harness_step_problems("cldcert.get", {{"url", "u"}, {"uri", "v"}}),
              ElementsAre(HasSubstr("args/uri: expected no such argument")));
}

class HarnessStepRun : public MockFixture {
 protected:
  void SetUp() override { start_mock(5); }
  const mock::Cloud& cloud() { return mock_->accounts().accounts[0].clouds[0]; }
  HarnessStepResult run(std::string_view action, const HarnessStepArgs& args, const std::string& mock_url = "",
                        live::LiveRun* live = nullptr) {
    HarnessStepContext context{*mock_, cloud(), mock_url, manifest_, values_, secrets_, steps_, live};
    return run_harness_step(action, args, context);
  }
  Manifest manifest_;
  PlaceholderValues values_;
  std::vector<std::string> secrets_;
  std::vector<StepRecord> steps_;
};

TEST_F(HarnessStepRun, FaultAnswersTheMatchingRequestsWithRateLimitHeaders) {
  auto r =
      run("cldcert.fault", {{"path", "/v1_1/*/image/upload"}, {"status", "420"}, {"to", "1"}, {"retry_after", "2"}});
  ASSERT_EQ(r.error, "");
  auto first =
      post_upload(*mock_, cloud(), signed_params({}, cloud()), FilePart{"a.png", "image/png", png_bytes(2, 2, 64)});
  EXPECT_EQ(first.status, 420);
  EXPECT_TRUE(std::any_of(first.headers.begin(), first.headers.end(),
                          [](const auto& h) { return h.first == "X-FeatureRateLimit-Reset"; }));
  EXPECT_EQ(mock::header_value(first.headers, "Retry-After"), "2");  // only because the step asked for one
  auto second =
      post_upload(*mock_, cloud(), signed_params({}, cloud()), FilePart{"a.png", "image/png", png_bytes(2, 2, 64)});
  EXPECT_EQ(second.status, 200);
}

TEST_F(HarnessStepRun, FaultNeedsAFamilyOrAPathAndAKnownFamily) {
  EXPECT_THAT(run("cldcert.fault", {{"status", "420"}}).error, HasSubstr("needs a family"));
  EXPECT_THAT(run("cldcert.fault", {{"family", "uploads"}, {"status", "420"}}).error,
              HasSubstr("/family: expected one of"));
  EXPECT_TRUE(mock_->state().faults.rules().empty());
  auto r = run("cldcert.fault", {{"family", "delete"}, {"status", "503"}});
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.output["family"], "delete");
  EXPECT_EQ(r.output["path"], "*");
}

// The rate-limits scenario's own fault steps: an integration that always uploads to /auto/upload
// meets the 420 too, with Cloudinary's words and quota headers and no Retry-After.
TEST_F(HarnessStepRun, TheRateLimitScenarioRefusesAutoUploadsWithCloudinarysRefusal) {
  int installed = 0;
  for (const auto& scenario : load_scenarios("")) {
    if (scenario.id != "rate-limits") continue;
    for (const auto& step : scenario.steps) {
      if (step.action != "cldcert.fault" || step.args.at("status") != "420") continue;
      ASSERT_EQ(run(step.action, step.args).error, "");
      ++installed;
    }
  }
  ASSERT_EQ(installed, 1);
  const FilePart png{"a.png", "image/png", png_bytes(2, 2, 64)};
  for (const std::string rt : {"auto", "auto"}) {
    auto refused = post_upload(*mock_, cloud(), signed_params({}, cloud()), png, rt);
    EXPECT_EQ(refused.status, 420);
    EXPECT_THAT(error_message(refused), HasSubstr("Rate Limit Exceeded. Limit of 500 api operations reached."));
    EXPECT_EQ(mock::header_value(refused.headers, "X-FeatureRateLimit-Remaining"), "0");
    EXPECT_NE(mock::header_value(refused.headers, "X-FeatureRateLimit-Reset"), "");
    EXPECT_EQ(mock::header_value(refused.headers, "Retry-After"), "");
  }
  EXPECT_EQ(post_upload(*mock_, cloud(), signed_params({}, cloud()), png, "auto").status, 200);
}

// A fault may only slow requests down: the limits scenario measures how many uploads overlap.
TEST_F(HarnessStepRun, FaultWithLatencyOnlyHoldsTheRequestAndAnswersIt) {
  EXPECT_TRUE(harness_step_problems("cldcert.fault", {{"family", "upload"}, {"latency_ms", "250"}}).empty());
  EXPECT_THAT(run("cldcert.fault", {{"family", "upload"}}).error, HasSubstr("at least one of status, latency_ms"));
  auto r = run("cldcert.fault", {{"family", "upload"}, {"latency_ms", "120"}});
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.output["latency_ms"], 120);
  auto up =
      post_upload(*mock_, cloud(), signed_params({}, cloud()), FilePart{"a.png", "image/png", png_bytes(2, 2, 64)});
  EXPECT_EQ(up.status, 200);
  EXPECT_GE(mock_->journal().entries().back().duration_ms, 120);
}

// More assets than a media browser's page: fill_cloud tops the current cloud up to a count.
TEST_F(HarnessStepRun, FillCloudTopsTheCurrentCloudUpToTheCountAndNeverRemoves) {
  auto images = [&] {
    std::size_t n = 0;
    for (const auto& a : mock_->store().list(cloud().cloud_name)) n += a.resource_type == "image" ? 1 : 0;
    return n;
  };
  auto r = run("cldcert.fill_cloud", {{"until", "3"}});
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.output["added"], 3);
  EXPECT_EQ(images(), 3u);
  r = run("cldcert.fill_cloud", {{"until", "3+1"}, {"resource_type", "image"}});
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.output["added"], 1);
  EXPECT_EQ(images(), 4u);
  const auto listed = mock_->store().list(cloud().cloud_name).front();
  EXPECT_EQ(listed.format, "png");
  EXPECT_EQ(listed.sha256, mock::file_sha256_hex(listed.file));  // a real file behind it, for delivery
  EXPECT_TRUE(mock_->store().list(mock_->accounts().accounts[1].clouds[0].cloud_name).empty());
  EXPECT_THAT(run("cldcert.fill_cloud", {{"until", "2"}}).error,
              HasSubstr("already holds 4 image assets, more than 2"));
  EXPECT_THAT(run("cldcert.fill_cloud", {{"until", "{limits.max_listed}"}}).error,
              HasSubstr("until: expected a count such as \"25\" or \"24+1\""));
  EXPECT_THAT(run("cldcert.fill_cloud", {{"until", "2"}, {"resource_type", "raw"}}).error,
              HasSubstr("image assets only"));
}

TEST_F(HarnessStepRun, NamedTransformationIsDefinedInTheCurrentCloud) {
  auto r = run("cldcert.named_transformation", {{"name", "t_thumb"}, {"transformation", "c_fill,w_150"}});
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.output["named_transformation"], "t_thumb");
  EXPECT_EQ(mock_->store().find_named_transformation(cloud().cloud_name, "thumb"), "c_fill,w_150");
  EXPECT_FALSE(mock_->store().find_named_transformation(mock_->accounts().accounts[1].clouds[0].cloud_name, "thumb"));
}

TEST_F(HarnessStepRun, GetFetchesADeliveryUrlFromTheMockAndHashesIt) {
  std::string bytes = png_bytes(4, 4, 5000);
  auto up = post_upload(*mock_, cloud(), signed_params({{"public_id", "shoe"}}, cloud()),
                        FilePart{"a.png", "image/png", bytes});
  ASSERT_EQ(up.status, 200);
  mock::HttpServer server(*mock_);
  int port = server.bind("127.0.0.1", 0);
  std::thread serving([&] { server.run(); });
  server.wait_until_running();
  std::string base = "http://127.0.0.1:" + std::to_string(port);
  auto ok = run("cldcert.get", {{"url", "https://res.cloudinary.com/" + cloud().cloud_name + "/image/upload/shoe.png"}},
                base);
  auto missing = run("cldcert.get",
                     {{"url", "https://res.cloudinary.com/" + cloud().cloud_name + "/image/upload/nope.png"}}, base);
  auto elsewhere = run("cldcert.get", {{"url", "https://example.com/shoe.png"}}, base);
  server.stop();
  serving.join();
  ASSERT_EQ(ok.error, "");
  EXPECT_EQ(ok.output["status"], 200);
  EXPECT_EQ(ok.output["bytes"], bytes.size());
  EXPECT_EQ(ok.output["sha256"], mock::sha256_hex(bytes));
  EXPECT_EQ(missing.output["status"], 404);
  EXPECT_THAT(elsewhere.error, HasSubstr("only https://res.cloudinary.com/"));
}

// A live run asks the CDN (the upstream) for HEAD and the first and last kDeliveryProbeBytes, never the whole.
TEST_F(HarnessStepRun, GetInALiveRunProbesTheDeliveryByRange) {
  live::testing_support::UpstreamCloud upstream(mock::generate_accounts(5));
  const mock::Cloud& far = upstream.mock().accounts().accounts[0].clouds[0];
  const std::string bytes = png_bytes(64, 64, 3 * kDeliveryProbeBytes);
  ASSERT_EQ(post_upload(upstream.mock(), far, signed_params({{"public_id", "big"}}, far),
                        FilePart{"big.png", "image/png", bytes})
                .status,
            200);
  live::LiveRun live(upstream.mock().accounts(), upstream.config());
  const std::string url = "https://res.cloudinary.com/" + far.cloud_name + "/image/upload/big.png";
  auto probe = run("cldcert.get", {{"url", url}}, "http://127.0.0.1:1", &live);  // the mock is never asked
  ASSERT_EQ(probe.error, "");
  EXPECT_EQ(probe.output["via"], "cdn");
  EXPECT_EQ(probe.output["status"], 200);
  EXPECT_EQ(probe.output["bytes"], bytes.size());
  const std::uint64_t n = kDeliveryProbeBytes, size = bytes.size();
  EXPECT_EQ(probe.output["ranges"],
            nlohmann::json::parse(R"([{"first":0,"last":)" + std::to_string(n - 1) + R"(,"status":206,"bytes":)" +
                                  std::to_string(n) + R"(,"sha256":")" + mock::sha256_hex(bytes.substr(0, n)) +
                                  R"("},{"first":)" + std::to_string(size - n) + R"(,"last":)" +
                                  std::to_string(size - 1) + R"(,"status":206,"bytes":)" + std::to_string(n) +
                                  R"(,"sha256":")" + mock::sha256_hex(bytes.substr(size - n)) + R"("}])"));
  std::vector<std::string> asked;
  for (const auto& e : upstream.mock().journal().entries()) {
    if (e.api == "delivery") asked.push_back(e.method + " " + std::string(mock::header_value(e.headers, "Range")));
  }
  EXPECT_THAT(asked, ElementsAre("HEAD ", "GET bytes=0-" + std::to_string(n - 1),
                                 "GET bytes=" + std::to_string(size - n) + "-" + std::to_string(size - 1)));
  // Not the integration's requests: the scenario's mock journaled none of them.
  EXPECT_TRUE(mock_->journal().entries().empty());
  EXPECT_LT(live.upstream().bytes_received(), size);
}

// A CDN that ignores Range answers 200 with the whole body: the head is hashed from its first bytes and the
// rest never read; the tail has no sha256 (upload.integrity says it could not be verified).
TEST_F(HarnessStepRun, GetInALiveRunReadsNoMoreOfAnAnswerThatIgnoredTheRange) {
  const std::string body(3 * kDeliveryProbeBytes, 'z');
  httplib::Server cdn;
  cdn.Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    const_cast<httplib::Request&>(req).ranges.clear();  // what a CDN ignoring Range does
    res.set_content(body, "image/png");
  });
  const int port = cdn.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { cdn.listen_after_bind(); });
  while (!cdn.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  live::UpstreamConfig config;
  config.api_base = config.delivery_base = "http://127.0.0.1:" + std::to_string(port);
  live::LiveRun live(mock_->accounts(), config);
  auto probe = run("cldcert.get", {{"url", "https://res.cloudinary.com/demo/image/upload/big.png"}}, "", &live);
  cdn.stop();
  serving.join();
  ASSERT_EQ(probe.error, "");
  EXPECT_EQ(probe.output["bytes"], body.size());
  ASSERT_EQ(probe.output["ranges"].size(), 2u);
  EXPECT_EQ(probe.output["ranges"][0]["status"], 200);
  EXPECT_EQ(probe.output["ranges"][0]["sha256"], mock::sha256_hex(body.substr(0, kDeliveryProbeBytes)));
  EXPECT_EQ(probe.output["ranges"][1]["status"], 200);
  EXPECT_FALSE(probe.output["ranges"][1].contains("sha256"));
  EXPECT_LT(live.upstream().bytes_received(), body.size());
}

// An upstream that cannot be reached is the step's error (not judged), not evidence against the integration.
TEST_F(HarnessStepRun, GetInALiveRunWithoutAnUpstreamIsAnError) {
  live::UpstreamConfig config;
  config.api_base = config.delivery_base = "http://127.0.0.1:1";
  live::LiveRun live(mock_->accounts(), config);
  auto probe = run("cldcert.get", {{"url", "https://res.cloudinary.com/demo/image/upload/big.png"}}, "", &live);
  EXPECT_THAT(probe.error, HasSubstr("cldcert.get https://res.cloudinary.com/demo/image/upload/big.png: HEAD: "));
}

}  // namespace
}  // namespace cldcert
