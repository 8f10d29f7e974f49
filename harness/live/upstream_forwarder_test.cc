#include "harness/live/upstream_forwarder.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "harness/live/live_test_support.h"
#include "harness/scratch_dir_test_support.h"
#include "mocks/digest.h"
#include "mocks/mock_test_support.h"

namespace cldcert::live {
namespace {

using live::testing_support::UpstreamCloud;
namespace ts = mock::testing_support;

class UpstreamForwarderTest : public ::testing::Test {
 protected:
  UpstreamCloud upstream_{mock::generate_accounts(11)};
  const mock::Cloud& cloud_ = upstream_.mock().accounts().accounts.at(0).clouds.at(0);
  UpstreamForwarder forwarder_{upstream_.config()};
};

TEST_F(UpstreamForwarderTest, RelaysAnAdminCallAndItsRefusal) {
  auto ok = forwarder_.call(upstream_head("GET", "/v1_1/" + cloud_.cloud_name + "/ping",
                                          {{"Authorization", ts::basic_auth(cloud_.api_key, cloud_.api_secret)}}));
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ts::body_json(ok)["status"], "ok");
  EXPECT_NE(ok.content_type.find("application/json"), std::string::npos);

  auto refused = forwarder_.call(upstream_head("GET", "/v1_1/" + cloud_.cloud_name + "/ping",
                                               {{"Authorization", ts::basic_auth(cloud_.api_key, "wrong")}}));
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(forwarder_.requests(), 2u);
}

TEST_F(UpstreamForwarderTest, StreamsALargeUploadInSlicesAndTheUpstreamGetsEveryByte) {
  // Several times the queue's bound, pushed in small slices: the upstream must receive it whole.
  const std::string file = ts::png_bytes(64, 48, 3 * kMaxQueuedBody + 12345);
  const std::string body =
      ts::multipart_body(ts::signed_params({{"public_id", "big"}}, cloud_), ts::FilePart{"big.png", "image/png", file});
  mock::HttpRequestHead head = ts::multipart_post("/v1_1/" + cloud_.cloud_name + "/image/upload",
                                                  {{"Content-Length", std::to_string(body.size())}});
  auto exchange = forwarder_.begin(head);
  for (std::size_t at = 0; at < body.size(); at += 7000)
    exchange->on_body(body.data() + at, std::min<std::size_t>(7000, body.size() - at));
  mock::HttpResponse answer = exchange->finish();
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(ts::body_json(answer)["public_id"], "big");
  EXPECT_EQ(forwarder_.bytes_sent(), body.size());
  mock::JournalEntry seen = upstream_.mock().journal().entries().back();
  EXPECT_EQ(seen.asset_sha256, mock::sha256_hex(file));
}

TEST_F(UpstreamForwarderTest, LeavesHopByHopHeadersAndTheClientsEncodingWishBehind) {
  forwarder_.call(upstream_head("GET", "/v1_1/" + cloud_.cloud_name + "/ping",
                                {{"Authorization", ts::basic_auth(cloud_.api_key, cloud_.api_secret)},
                                 {"Accept-Encoding", "gzip"},
                                 {"Host", "api.cloudinary.com"},
                                 {"X-Partner", "kept"}}));
  mock::JournalEntry seen = upstream_.mock().journal().entries().back();
  EXPECT_EQ(mock::header_value(seen.headers, "Accept-Encoding"), "");
  EXPECT_EQ(mock::header_value(seen.headers, "X-Partner"), "kept");
  EXPECT_EQ(seen.host, upstream_.url().substr(std::string("http://").size()));
}

TEST_F(UpstreamForwarderTest, ALargeAnswerIsServedFromAFileOnlyWhereOneMayBeWritten) {
  const std::string file(kMaxAnswerInMemory + 4096, 'q');
  auto uploaded = ts::post_upload(upstream_.mock(), cloud_, ts::signed_params({{"public_id", "big.bin"}}, cloud_),
                                  ts::FilePart{"big.bin", "application/octet-stream", file}, "raw");
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  const auto head = upstream_head("GET", "/" + cloud_.cloud_name + "/raw/upload/big.bin");
  auto refused = forwarder_.call(head);
  EXPECT_EQ(refused.status, 502);
  EXPECT_NE(ts::error_message(refused).find("larger than 8 MiB"), std::string::npos) << refused.body;

  ScratchDir spill("live-spill");
  forwarder_.spill_answers_to(spill.path());
  auto answer = forwarder_.call(head);
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.body, "");
  ASSERT_FALSE(answer.body_file.empty());
  EXPECT_EQ(answer.body_file.parent_path(), spill.path());
  EXPECT_EQ(ts::read_file(answer.body_file), file);
}

// cldcert.get's probes: a HEAD learns the size from Content-Length, a Range is sent on and answered 206,
// and an answer that ignores the Range (here: two ranges, answered whole) is read no further than asked.
TEST_F(UpstreamForwarderTest, AFetchStopsReadingAfterTheBytesItNeeds) {
  const std::string file = ts::png_bytes(64, 48, 3 * kMaxQueuedBody);
  auto uploaded = ts::post_upload(upstream_.mock(), cloud_, ts::signed_params({{"public_id", "big.bin"}}, cloud_),
                                  ts::FilePart{"big.bin", "application/octet-stream", file}, "raw");
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  const std::string target = "/" + cloud_.cloud_name + "/raw/upload/big.bin";

  auto head = forwarder_.fetch(upstream_head("HEAD", target), 0);
  EXPECT_EQ(head.response.status, 200);
  EXPECT_EQ(head.content_length, file.size());
  EXPECT_FALSE(head.cut);

  auto ranged = forwarder_.fetch(upstream_head("GET", target, {{"Range", "bytes=10-19"}}), 100);
  EXPECT_EQ(ranged.response.status, 206);
  EXPECT_EQ(ranged.response.body, file.substr(10, 10));
  EXPECT_EQ(mock::header_value(ranged.response.headers, "Content-Range"), "bytes 10-19/" + std::to_string(file.size()));
  EXPECT_FALSE(ranged.cut);

  const std::uint64_t before = forwarder_.bytes_received();
  auto ignored = forwarder_.fetch(upstream_head("GET", target, {{"Range", "bytes=0-9,20-29"}}), 1000);
  EXPECT_EQ(ignored.response.status, 200);
  EXPECT_EQ(ignored.response.body, file.substr(0, 1000));
  EXPECT_TRUE(ignored.cut);
  EXPECT_EQ(ignored.failure, "");
  EXPECT_TRUE(ignored.response.body_file.empty());
  EXPECT_LT(forwarder_.bytes_received() - before, file.size());
  // The upstream journaled the three: they are the harness's own requests, sent as asked.
  const auto& seen = upstream_.mock().journal().entries();
  ASSERT_GE(seen.size(), 3u);
  EXPECT_EQ(seen[seen.size() - 3].method, "HEAD");
  EXPECT_EQ(mock::header_value(seen[seen.size() - 2].headers, "Range"), "bytes=10-19");
}

TEST(UpstreamForwarder, AnUnreachableUpstreamIsA502NamingIt) {
  UpstreamConfig config;
  config.api_base = config.delivery_base = "http://127.0.0.1:1";
  UpstreamForwarder forwarder(config);
  auto answer = forwarder.call(upstream_head("GET", "/v1_1/demo/ping"));
  EXPECT_EQ(answer.status, 502);
  EXPECT_NE(ts::error_message(answer).find("http://127.0.0.1:1"), std::string::npos) << answer.body;
}

TEST(UpstreamForwarder, DeliveryPathsGoToTheDeliveryBase) {
  UpstreamCloud api(mock::generate_accounts(3));
  UpstreamCloud delivery(mock::generate_accounts(3));
  UpstreamConfig config;
  config.api_base = api.url();
  config.delivery_base = delivery.url();
  UpstreamForwarder forwarder(config);
  forwarder.call(upstream_head("GET", "/demo/image/upload/sample.png"));
  EXPECT_EQ(api.mock().journal().size(), 0u);
  EXPECT_EQ(delivery.mock().journal().size(), 1u);
}

TEST(UpstreamUrl, OnlyHttpsHostAndPortAreAccepted) {
  EXPECT_EQ(upstream_url_problem("https://localhost:8443"), "");
  EXPECT_EQ(upstream_url_problem("https://api.cloudinary.com"), "");
  EXPECT_NE(upstream_url_problem("http://localhost:8443"), "");
  EXPECT_NE(upstream_url_problem("https://localhost:8443/v1_1"), "");
  EXPECT_NE(upstream_url_problem("https://user@localhost"), "");
  EXPECT_NE(upstream_url_problem("https://"), "");
}

TEST(CloudOf, NamesTheCloudOfApiAndDeliveryPathsAndTheAccountOfProvisioning) {
  EXPECT_EQ(cloud_of("/v1_1/demo/image/upload"), "demo");
  EXPECT_EQ(cloud_of("/v1_1/demo/ping"), "demo");
  EXPECT_EQ(cloud_of("/demo/image/upload/v1/a.png"), "demo");
  EXPECT_EQ(cloud_of("/v1_1/provisioning/accounts/acc1/sub_accounts"), "account acc1");
  EXPECT_EQ(cloud_of("/"), "");
}

TEST_F(UpstreamForwarderTest, ARequestPastTheCloudsInFlightLimitWaitsForOneToEnd) {
  UpstreamConfig config = upstream_.config();
  config.max_in_flight_per_cloud = 1;
  UpstreamForwarder forwarder(config);
  const std::string body = ts::multipart_body(ts::signed_params({{"public_id", "first"}}, cloud_),
                                              ts::FilePart{"a.png", "image/png", ts::png_bytes(4, 4, 300)});
  auto first = forwarder.begin(ts::multipart_post("/v1_1/" + cloud_.cloud_name + "/image/upload",
                                                  {{"Content-Length", std::to_string(body.size())}}));
  EXPECT_EQ(forwarder.in_flight(cloud_.cloud_name), 1);
  std::atomic<bool> second_began{false};
  std::thread second([&] {
    forwarder.call(upstream_head("GET", "/v1_1/" + cloud_.cloud_name + "/ping",
                                 {{"Authorization", ts::basic_auth(cloud_.api_key, cloud_.api_secret)}}));
    second_began = true;
  });
  // Another cloud is not held up.
  EXPECT_EQ(forwarder.call(upstream_head("GET", "/v1_1/other/ping")).status, 401);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // room for the second to (wrongly) go ahead
  EXPECT_FALSE(second_began);
  first->on_body(body.data(), body.size());
  EXPECT_EQ(first->finish().status, 200);
  first.reset();  // its place is given back when it is dropped
  second.join();
  EXPECT_TRUE(second_began);
  EXPECT_EQ(forwarder.in_flight(cloud_.cloud_name), 0);
}

}  // namespace
}  // namespace cldcert::live

namespace cldcert::live {
namespace {

// The test upstream's hour: its clock is pinned to kNow (22:13:20), so its budget resets at 23:00:00.
constexpr std::int64_t kUpstreamReset = 1'700'002'800;

class UpstreamRateLimitTest : public UpstreamForwarderTest {
 protected:
  mock::HttpRequestHead ping() const {
    return upstream_head("GET", "/v1_1/" + cloud_.cloud_name + "/ping",
                         {{"Authorization", ts::basic_auth(cloud_.api_key, cloud_.api_secret)}});
  }
  mock::HttpResponse integration_ping() const { return forwarder_.begin(ping())->finish(); }
};

TEST_F(UpstreamRateLimitTest, TheHarnessRefusesToSpendTheHoursLastCallsButTheIntegrationIsNeverHeldBack) {
  upstream_.mock().state().admin_rate_limits.set_limit(cloud_.cloud_name, kReservedAdminCalls + 3);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(forwarder_.call(ping()).status, 200) << i;  // 12, 11, then 10 left
  EXPECT_EQ(forwarder_.rate_budget().seen().at(cloud_.cloud_name).remaining, kReservedAdminCalls);

  mock::HttpResponse held = forwarder_.call(ping());
  EXPECT_EQ(held.status, 420);
  EXPECT_NE(held.body.find("cloud " + cloud_.cloud_name + " has 10 Admin API call(s) left this hour (of 13)"),
            std::string::npos)
      << held.body;
  EXPECT_NE(held.body.find("2023-11-14 23:00:00 UTC"), std::string::npos) << held.body;
  EXPECT_EQ(forwarder_.requests(), 3u);  // never sent

  // The integration's own requests go on, to the very last call and the upstream's own 420, untouched.
  for (int i = 0; i < kReservedAdminCalls; ++i) EXPECT_EQ(integration_ping().status, 200) << i;
  mock::HttpResponse limited = integration_ping();
  EXPECT_EQ(limited.status, 420);
  EXPECT_EQ(ts::body_json(limited)["error"]["message"], "Rate Limit Exceeded");
  EXPECT_EQ(mock::header_value(limited.headers, "X-FeatureRateLimit-Remaining"), "0");
  EXPECT_EQ(forwarder_.requests(), 3u + kReservedAdminCalls + 1);
  EXPECT_EQ(forwarder_.rate_budget().report_json()[cloud_.cloud_name],
            (nlohmann::json{{"limit", 13}, {"remaining", 0}, {"reset", "2023-11-14T23:00:00Z"}}));
}

TEST_F(UpstreamRateLimitTest, AnOwnCallMeetingA420WaitsForANearResetAndTriesOnceMore) {
  upstream_.mock().state().admin_rate_limits.set_limit(cloud_.cloud_name, 1);
  EXPECT_EQ(integration_ping().status, 200);  // the hour's only call, spent by the integration
  std::vector<std::int64_t> waits;
  UpstreamConfig config = upstream_.config();
  config.clock = [] { return kUpstreamReset - 20; };
  config.wait = [&](std::int64_t seconds) { waits.push_back(seconds); };
  UpstreamForwarder fresh(config);  // has heard nothing of the budget yet: the call goes out

  mock::HttpResponse answer = fresh.call(ping());
  EXPECT_EQ(waits, std::vector<std::int64_t>{20});
  EXPECT_EQ(fresh.requests(), 2u);  // the call and its one retry (the pinned upstream is still in its hour)
  EXPECT_EQ(answer.status, 420);
  EXPECT_NE(answer.body.find("cloud " + cloud_.cloud_name + " answered 420"), std::string::npos) << answer.body;
}

TEST_F(UpstreamRateLimitTest, AnOwnCallMeetingA420WithAFarResetReportsItWithoutRetrying) {
  upstream_.mock().state().admin_rate_limits.set_limit(cloud_.cloud_name, 1);
  EXPECT_EQ(integration_ping().status, 200);
  UpstreamForwarder fresh(upstream_.config());
  mock::HttpResponse answer = fresh.call(ping());
  EXPECT_EQ(fresh.requests(), 1u);
  EXPECT_EQ(answer.status, 420);
  EXPECT_NE(answer.body.find("its budget resets at 2023-11-14 23:00:00 UTC"), std::string::npos) << answer.body;
}

}  // namespace
}  // namespace cldcert::live
