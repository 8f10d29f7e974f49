// Fault rules (unit) and their effect through MockCloudinary and the control API.
#include "mocks/faults.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "mocks/base64.h"
#include "mocks/mock_test_support.h"
#include "mocks/text.h"
#include "mocks/utc_time.h"

namespace cldcert::mock {
namespace {

using namespace testing_support;

// --- glob_match ------------------------------------------------------------------------------

TEST(GlobMatch, StarMatchesAnyRunIncludingSlashes) {
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("*", "/v1_1/c/image/upload"));
  EXPECT_TRUE(glob_match("/v1_1/*/image/upload", "/v1_1/cloud-1/image/upload"));
  EXPECT_TRUE(glob_match("/v1_1/*/image/upload", "/v1_1/a/b/image/upload"));
  EXPECT_FALSE(glob_match("/v1_1/*/image/upload", "/v1_1/cloud-1/video/upload"));
  EXPECT_FALSE(glob_match("/v1_1/*/image/upload", "/v1_1/cloud-1/image/upload_chunked"));
  EXPECT_TRUE(glob_match("/v1_1/*/resources*", "/v1_1/c/resources"));
  EXPECT_TRUE(glob_match("/v1_1/*/resources*", "/v1_1/c/resources/image/upload/a b"));
  EXPECT_FALSE(glob_match("/v1_1/*/resources*", "/v1_1/c/tags/image"));
}

TEST(GlobMatch, LiteralsAreExactAndBacktrackingWorks) {
  EXPECT_TRUE(glob_match("", ""));
  EXPECT_FALSE(glob_match("", "a"));
  EXPECT_TRUE(glob_match("abc", "abc"));
  EXPECT_FALSE(glob_match("abc", "abcd"));
  EXPECT_FALSE(glob_match("abc", "ab"));
  EXPECT_FALSE(glob_match("abc*", "ab"));
  EXPECT_FALSE(glob_match("ABC", "abc"));  // case matters in paths
  EXPECT_TRUE(glob_match("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(glob_match("a*b*c", "aXXbYY"));
  EXPECT_TRUE(glob_match("*ab", "aab"));
  EXPECT_TRUE(glob_match("a*ab", "aaab"));
  EXPECT_TRUE(glob_match("a**b", "ab"));
  EXPECT_TRUE(glob_match("*.png", "/x/y.png"));
  EXPECT_FALSE(glob_match("*.png", "/x/y.png/z"));
  EXPECT_TRUE(glob_match("*?*", "a?b"));  // '?' is a literal, not a wildcard
  EXPECT_FALSE(glob_match("a?c", "abc"));
}

// --- fault_rule_from_json --------------------------------------------------------------------

TEST(FaultRuleJson, ParsesEveryField) {
  std::string error;
  auto rule = fault_rule_from_json(nlohmann::json::parse(R"({
      "id": "r1", "method": "POST", "path": "/v1_1/*/image/upload", "from": 2, "to": 3, "status": 420,
      "body": {"error": {"message": "Rate Limit Exceeded"}}, "headers": {"X-FeatureRateLimit-Reset": "soon"},
      "latency_ms": 5, "drop": false})"),
                                   &error);
  ASSERT_TRUE(rule) << error;
  EXPECT_EQ(rule->id, "r1");
  EXPECT_EQ(rule->method, "POST");
  EXPECT_EQ(rule->path, "/v1_1/*/image/upload");
  EXPECT_EQ(rule->from_match, 2);
  EXPECT_EQ(rule->to_match, 3);
  EXPECT_EQ(rule->status, 420);
  EXPECT_EQ(nlohmann::json::parse(rule->body), nlohmann::json::parse(R"({"error":{"message":"Rate Limit Exceeded"}})"));
  EXPECT_EQ(rule->headers, (HeaderList{{"X-FeatureRateLimit-Reset", "soon"}}));
  EXPECT_EQ(rule->latency_ms, 5);
  EXPECT_FALSE(rule->drop_connection);

  // A string body is kept verbatim; defaults fill the rest.
  auto minimal = fault_rule_from_json({{"status", 503}, {"body", "plain text"}}, &error);
  ASSERT_TRUE(minimal) << error;
  EXPECT_EQ(minimal->body, "plain text");
  EXPECT_EQ(minimal->id, "");
  EXPECT_EQ(minimal->method, "*");
  EXPECT_EQ(minimal->path, "*");
  EXPECT_EQ(minimal->from_match, 1);
  EXPECT_EQ(minimal->to_match, 0);
  EXPECT_TRUE(minimal->headers.empty());

  auto drop_only = fault_rule_from_json({{"drop", true}}, &error);
  ASSERT_TRUE(drop_only) << error;
  EXPECT_TRUE(drop_only->drop_connection);
  EXPECT_EQ(drop_only->status, 0);
  auto latency_only = fault_rule_from_json({{"latency_ms", 10}}, &error);
  ASSERT_TRUE(latency_only) << error;
  EXPECT_EQ(latency_only->latency_ms, 10);
}

TEST(FaultRuleJson, EachBadFieldNamesItself) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"status": 500, "id": 5})", "/id"},
      {R"({"status": 500, "method": 1})", "/method"},
      {R"({"status": 500, "path": []})", "/path"},
      {R"({"status": 500, "from": 0})", "/from"},
      {R"({"status": 500, "from": "2"})", "/from"},
      {R"({"status": 500, "from": 1.5})", "/from"},
      {R"({"status": 500, "to": -1})", "/to"},
      {R"({"status": 99})", "/status"},
      {R"({"status": 600})", "/status"},
      {R"({"status": "420"})", "/status"},
      {R"({"latency_ms": -1})", "/latency_ms"},
      {R"({"latency_ms": 600001})", "/latency_ms"},
      {R"({"drop": "yes"})", "/drop"},
      {R"({"status": 500, "family": "uploads"})", "/family"},
      {R"({"status": 500, "family": 1})", "/family"},
      {R"({"status": 420, "reset_in": -1})", "/reset_in"},
      {R"({"status": 420, "reset_in": "1"})", "/reset_in"},
      {R"({"status": 500, "headers": ["X-A"]})", "/headers"},
      {R"({"status": 500, "headers": {"X-A": 1}})", "/headers/X-A"},
  };
  for (const auto& [text, field] : cases) {
    std::string error;
    auto rule = fault_rule_from_json(nlohmann::json::parse(text), &error);
    EXPECT_FALSE(rule) << text;
    EXPECT_TRUE(error.starts_with(field + ":")) << text << " -> " << error;
  }
  std::string error;
  EXPECT_FALSE(fault_rule_from_json(nlohmann::json::array(), &error));
  EXPECT_NE(error.find("object"), std::string::npos);
  error.clear();
  EXPECT_FALSE(fault_rule_from_json(nlohmann::json::object({{"path", "/x"}}), &error));  // does nothing
  EXPECT_NE(error.find("status"), std::string::npos);
  EXPECT_FALSE(fault_rule_from_json({{"status", 500}, {"to", 2}, {"from", "x"}}, nullptr));  // null error is fine
}

TEST(FaultRuleJson, ToJsonRoundTrips) {
  FaultRule rule;
  rule.id = "x";
  rule.method = "GET";
  rule.path = "/a*";
  rule.from_match = 3;
  rule.to_match = 4;
  rule.status = 502;
  rule.body = "oops";
  rule.headers = {{"Retry-After", "1"}};
  rule.family = "delete";
  rule.reset_in_s = 12;
  rule.latency_ms = 7;
  rule.drop_connection = true;
  rule.matched = 9;
  nlohmann::json json = fault_rule_to_json(rule);
  EXPECT_EQ(json["matched"], 9);
  EXPECT_EQ(json["from"], 3);
  EXPECT_EQ(json["drop"], true);
  std::string error;
  auto back = fault_rule_from_json(json, &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(back->id, rule.id);
  EXPECT_EQ(back->method, rule.method);
  EXPECT_EQ(back->path, rule.path);
  EXPECT_EQ(back->family, "delete");
  EXPECT_EQ(back->reset_in_s, 12);
  EXPECT_EQ(back->from_match, rule.from_match);
  EXPECT_EQ(back->to_match, rule.to_match);
  EXPECT_EQ(back->status, rule.status);
  EXPECT_EQ(back->body, rule.body);
  EXPECT_EQ(back->headers, rule.headers);
  EXPECT_EQ(back->latency_ms, rule.latency_ms);
  EXPECT_EQ(back->drop_connection, rule.drop_connection);
}

// --- fault_response --------------------------------------------------------------------------

FaultAction refusal(int status, std::string rule_id = "r") {
  FaultAction action;
  action.rule_id = std::move(rule_id);
  action.status = status;
  return action;
}

TEST(FaultResponse, RateLimitIsCloudinarysMessageAndQuotaHeaders) {
  FaultAction action = refusal(420);
  action.reset_in_s = 2;
  HttpResponse r = fault_response(action, 1'700'000'000'250);
  EXPECT_EQ(r.status, 420);
  // Rounded up: the reset the header names is at least two seconds away.
  EXPECT_EQ(error_message(r),
            "Rate Limit Exceeded. Limit of 500 api operations reached. Try again on 2023-11-14 22:13:23 UTC");
  EXPECT_EQ(header_value(r.headers, "X-FeatureRateLimit-Limit"), "500");
  EXPECT_EQ(header_value(r.headers, "X-FeatureRateLimit-Remaining"), "0");
  EXPECT_EQ(header_value(r.headers, "X-FeatureRateLimit-Reset"), "Tue, 14 Nov 2023 22:13:23 GMT");
  EXPECT_EQ(header_value(r.headers, "Retry-After"), "");  // Cloudinary is not known to send one

  // Without a reset_in, Cloudinary's hourly quota: the next full hour.
  action.reset_in_s = 0;
  EXPECT_EQ(header_value(fault_response(action, 1'700'000'000'000).headers, "X-FeatureRateLimit-Reset"),
            "Tue, 14 Nov 2023 23:00:00 GMT");
  // A rule's own header replaces the one the mock would write; its body replaces the message.
  action.headers = {{"x-featureratelimit-reset", "soon"}, {"Retry-After", "3"}};
  action.body = "busy";
  r = fault_response(action, 1'700'000'000'000);
  EXPECT_EQ(r.body, "busy");
  EXPECT_EQ(header_value(r.headers, "X-FeatureRateLimit-Reset"), "soon");
  EXPECT_EQ(std::count_if(r.headers.begin(), r.headers.end(),
                          [](const auto& h) { return text::iequals(h.first, "X-FeatureRateLimit-Reset"); }),
            1);
  EXPECT_EQ(header_value(r.headers, "Retry-After"), "3");
}

TEST(FaultResponse, ServerErrorsAreCloudinarysGeneralErrorAndNoneNamesCldcert) {
  for (int status : {500, 502, 503, 504}) {
    HttpResponse r = fault_response(refusal(status), 0);
    EXPECT_EQ(r.status, status);
    EXPECT_EQ(r.body, R"({"error":{"message":"General Error"}})");
  }
  for (int status : {400, 404, 420, 429, 500}) {
    EXPECT_EQ(fault_response(refusal(status, "fault-7"), 0).body.find("cldcert"), std::string::npos) << status;
    EXPECT_EQ(fault_response(refusal(status, "fault-7"), 0).body.find("fault-7"), std::string::npos) << status;
  }
  FaultAction drop = refusal(0);
  drop.drop_connection = true;
  HttpResponse dropped = fault_response(drop, 0);
  EXPECT_EQ(dropped.status, 200);
  EXPECT_TRUE(dropped.drop_connection);
}

// --- FaultSet --------------------------------------------------------------------------------

FaultRule rule_for(std::string method, std::string path, int status, int from = 1, int to = 0) {
  FaultRule rule;
  rule.method = std::move(method);
  rule.path = std::move(path);
  rule.status = status;
  rule.from_match = from;
  rule.to_match = to;
  return rule;
}

TEST(FaultSet, FromToActsOnThatRangeOfMatchesOnly) {
  FaultSet faults;
  std::string id = faults.add(rule_for("*", "/v1_1/*/image/upload", 500, 2, 3));
  std::vector<bool> acted;
  for (int i = 0; i < 5; ++i) acted.push_back(faults.match("POST", "/v1_1/c/image/upload").has_value());
  EXPECT_EQ(acted, (std::vector<bool>{false, true, true, false, false}));
  // Requests that do not match neither act nor count.
  EXPECT_FALSE(faults.match("POST", "/v1_1/c/video/upload"));
  ASSERT_EQ(faults.rules().size(), 1u);
  EXPECT_EQ(faults.rules()[0].matched, 5);
  EXPECT_EQ(faults.rules()[0].id, id);

  FaultSet open_ended;
  open_ended.add(rule_for("*", "*", 503, 3));
  std::vector<bool> later;
  for (int i = 0; i < 5; ++i) later.push_back(open_ended.match("GET", "/x").has_value());
  EXPECT_EQ(later, (std::vector<bool>{false, false, true, true, true}));
}

TEST(FaultSet, ActionCarriesTheRule) {
  FaultSet faults;
  FaultRule rule = rule_for("POST", "*", 420);
  rule.id = "mine";
  rule.body = "b";
  rule.headers = {{"H", "v"}};
  rule.latency_ms = 3;
  EXPECT_EQ(faults.add(rule), "mine");
  auto action = faults.match("POST", "/p");
  ASSERT_TRUE(action);
  EXPECT_EQ(action->rule_id, "mine");
  EXPECT_EQ(action->status, 420);
  EXPECT_EQ(action->body, "b");
  EXPECT_EQ(action->headers, (HeaderList{{"H", "v"}}));
  EXPECT_EQ(action->latency_ms, 3);
  EXPECT_FALSE(action->drop_connection);
}

TEST(FaultSet, MethodFilterIsCaseInsensitiveAndNonMatchesDoNotCount) {
  FaultSet faults;
  faults.add(rule_for("post", "*", 500, 1, 1));
  EXPECT_FALSE(faults.match("GET", "/a"));
  EXPECT_FALSE(faults.match("DELETE", "/a"));
  EXPECT_EQ(faults.rules()[0].matched, 0);
  EXPECT_TRUE(faults.match("POST", "/a"));  // still the first match
  EXPECT_FALSE(faults.match("POST", "/a"));
  EXPECT_EQ(faults.rules()[0].matched, 2);
}

TEST(FaultSet, FirstRuleWinsButEveryRuleCounts) {
  FaultSet faults;
  std::string first = faults.add(rule_for("*", "/v1_1/*", 500, 1, 1));
  std::string second = faults.add(rule_for("*", "/v1_1/*/image/*", 502, 1, 2));
  EXPECT_NE(first, second);
  auto a = faults.match("POST", "/v1_1/c/image/upload");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->rule_id, first);
  EXPECT_EQ(a->status, 500);
  // The second rule counted that request too: this is its 2nd match, the last in its range.
  auto b = faults.match("POST", "/v1_1/c/image/upload");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->rule_id, second);
  EXPECT_EQ(b->status, 502);
  EXPECT_FALSE(faults.match("POST", "/v1_1/c/image/upload"));
  auto rules = faults.rules();
  EXPECT_EQ(rules[0].matched, 3);
  EXPECT_EQ(rules[1].matched, 3);
  // Only the first rule matches this path.
  EXPECT_FALSE(faults.match("GET", "/v1_1/c/ping"));
  EXPECT_EQ(faults.rules()[0].matched, 4);
  EXPECT_EQ(faults.rules()[1].matched, 3);

  faults.clear();
  EXPECT_TRUE(faults.rules().empty());
  EXPECT_FALSE(faults.match("POST", "/v1_1/c/image/upload"));
}

TEST(FaultSet, AddResetsMatchedAndNamesRulesUniquely) {
  FaultSet faults;
  FaultRule rule = rule_for("*", "*", 500);
  rule.matched = 42;
  std::string a = faults.add(rule);
  std::string b = faults.add(rule);
  EXPECT_NE(a, b);
  EXPECT_EQ(faults.rules()[0].matched, 0);
}

// --- through MockCloudinary ------------------------------------------------------------------

class FaultsThroughMockTest : public MockFixture {
 protected:
  void SetUp() override {
    start_mock(41);
    cloud_ = mock_->accounts().accounts[0].clouds[0];
  }

  HttpResponse upload(const std::string& public_id) {
    return post_upload(*mock_, cloud_, signed_params({{"public_id", public_id}}, cloud_),
                       FilePart{"a.png", "image/png", png_bytes(2, 2, 120)});
  }

  HttpResponse admin_get(const std::string& route) { return testing_support::admin_get(*mock_, cloud_, route); }

  HttpResponse control(const std::string& method, const std::string& route, const std::string& body = "") {
    return mock_->handle(request_head(method, "/__cldcert/" + route, {{"Content-Type", "application/json"}}), body);
  }

  Cloud cloud_;
};

TEST_F(FaultsThroughMockTest, RateLimitFaultOnUploadsThenRecovery) {
  HttpResponse added = control("POST", "faults", R"({"id": "upload-420", "method": "POST",
      "path": "/v1_1/*/image/upload", "from": 1, "to": 2, "status": 420,
      "headers": {"X-FeatureRateLimit-Reset": "Tue, 14 Nov 2023 23:00:00 GMT"},
      "body": {"error": {"message": "Rate Limit Exceeded"}}})");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(body_json(added)["id"], "upload-420");

  for (const std::string id : {"one", "two"}) {
    HttpResponse r = upload(id);
    EXPECT_EQ(r.status, 420);
    EXPECT_EQ(error_message(r), "Rate Limit Exceeded");
    EXPECT_EQ(header_value(r.headers, "X-FeatureRateLimit-Reset"), "Tue, 14 Nov 2023 23:00:00 GMT");
    EXPECT_FALSE(mock_->store().find(cloud_.cloud_name, "image", "upload", id)) << id;
  }
  HttpResponse third = upload("three");
  ASSERT_EQ(third.status, 200) << third.body;
  EXPECT_TRUE(mock_->store().find(cloud_.cloud_name, "image", "upload", "three"));
  // Nothing of the refused uploads was kept on disk.
  EXPECT_EQ(blob_files(*mock_).size(), 1u);

  auto entries = mock_->journal().entries();
  ASSERT_EQ(entries.size(), 3u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(entries[i].fault, "upload-420");
    EXPECT_EQ(entries[i].api, "upload");
    EXPECT_EQ(entries[i].action, "upload");
    EXPECT_EQ(entries[i].cloud, cloud_.cloud_name);
    EXPECT_EQ(entries[i].status, 420);
    EXPECT_EQ(header_value(entries[i].response_headers, "X-FeatureRateLimit-Reset"), "Tue, 14 Nov 2023 23:00:00 GMT");
  }
  EXPECT_EQ(entries[2].fault, "");
  EXPECT_EQ(entries[2].status, 200);

  auto listed = body_json(control("GET", "faults"));
  ASSERT_EQ(listed["faults"].size(), 1u);
  EXPECT_EQ(listed["faults"][0]["id"], "upload-420");
  EXPECT_EQ(listed["faults"][0]["matched"], 3);
}

TEST_F(FaultsThroughMockTest, FaultsOnOtherApisKeepTheirRoute) {
  ASSERT_EQ(control("POST", "faults", R"({"path": "/v1_1/*/resources/*", "status": 500})").status, 201);
  HttpResponse r = admin_get("resources/image/upload");
  EXPECT_EQ(r.status, 500);
  EXPECT_FALSE(error_message(r).empty());
  auto e = mock_->journal().entries().back();
  EXPECT_FALSE(e.fault.empty());
  EXPECT_EQ(e.api, "admin");
  EXPECT_EQ(e.action, "resources.list");
  EXPECT_EQ(e.cloud, cloud_.cloud_name);

  ASSERT_EQ(control("POST", "faults", R"({"path": "/*/image/upload/*", "status": 503})").status, 201);
  EXPECT_EQ(mock_->handle(request_head("GET", "/" + cloud_.cloud_name + "/image/upload/v1/x.png"), "").status, 503);
  EXPECT_EQ(mock_->journal().entries().back().api, "delivery");

  ASSERT_EQ(control("POST", "faults", R"({"path": "/v1_1/provisioning/*", "status": 429})").status, 201);
  HttpRequestHead provisioning =
      request_head("GET", "/v1_1/provisioning/accounts/" + mock_->accounts().accounts[0].id + "/sub_accounts");
  EXPECT_EQ(mock_->handle(provisioning, "").status, 429);
  EXPECT_EQ(mock_->journal().entries().back().api, "provisioning");
}

TEST_F(FaultsThroughMockTest, UploadFamilyMeetsEveryResourceTypeAutoAndTheTypelessPath) {
  ASSERT_EQ(control("POST", "faults", R"({"id": "quota", "family": "upload", "status": 420, "reset_in": 1})").status,
            201);
  const FilePart png{"a.png", "image/png", png_bytes(2, 2, 120)};
  for (const std::string rt : {"auto", "image", "video", "raw"}) {
    HttpResponse r = post_upload(*mock_, cloud_, signed_params({}, cloud_), png, rt);
    EXPECT_EQ(r.status, 420) << rt;
    EXPECT_TRUE(error_message(r).starts_with("Rate Limit Exceeded. Limit of 500 api operations reached.")) << rt;
    EXPECT_EQ(header_value(r.headers, "X-FeatureRateLimit-Reset"), http_date(kNow + 1)) << rt;
    EXPECT_EQ(mock_->journal().entries().back().fault, "quota") << rt;
    EXPECT_EQ(mock_->journal().entries().back().resource_type, rt) << rt;
  }
  HttpResponse typeless = mock_->handle(multipart_post("/v1_1/" + cloud_.cloud_name + "/upload"),
                                        multipart_body(signed_params({}, cloud_), png));
  EXPECT_EQ(typeless.status, 420);
  // A chunk of a chunked upload is an upload too.
  HttpResponse chunk =
      mock_->handle(multipart_post("/v1_1/" + cloud_.cloud_name + "/raw/upload",
                                   {{"X-Unique-Upload-Id", "u1"}, {"Content-Range", "bytes 0-119/-1"}}),
                    multipart_body(signed_params({}, cloud_), png));
  EXPECT_EQ(chunk.status, 420);

  // Not uploads: a destroy, an Admin API call, a delivery.
  HttpResponse destroy = mock_->handle(multipart_post("/v1_1/" + cloud_.cloud_name + "/image/destroy"),
                                       multipart_body(signed_params({{"public_id", "x"}}, cloud_), std::nullopt));
  EXPECT_NE(destroy.status, 420);
  EXPECT_NE(admin_get("ping").status, 420);
  EXPECT_NE(mock_->handle(request_head("GET", "/" + cloud_.cloud_name + "/image/upload/x.png"), "").status, 420);
  EXPECT_EQ(body_json(control("GET", "faults"))["faults"][0]["matched"], 6);
}

TEST_F(FaultsThroughMockTest, DeleteAdminAndDeliveryFamilies) {
  ASSERT_EQ(control("POST", "faults", R"({"family": "delete", "status": 503})").status, 201);
  HttpResponse destroy = mock_->handle(multipart_post("/v1_1/" + cloud_.cloud_name + "/auto/destroy"),
                                       multipart_body(signed_params({{"public_id", "x"}}, cloud_), std::nullopt));
  EXPECT_EQ(destroy.status, 503);
  EXPECT_EQ(error_message(destroy), "General Error");
  HttpRequestHead admin_delete = request_head("DELETE", "/v1_1/" + cloud_.cloud_name + "/resources/image/upload",
                                              {{"Authorization", basic_auth(cloud_.api_key, cloud_.api_secret)},
                                               {"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(mock_->handle(admin_delete, "public_ids%5B%5D=x").status, 503);
  EXPECT_EQ(admin_get("resources/image").status, 200);  // reading is no delete
  EXPECT_EQ(upload("kept").status, 200);

  ASSERT_EQ(control("DELETE", "faults").status, 200);
  ASSERT_EQ(control("POST", "faults", R"({"family": "admin", "status": 500, "to": 1})").status, 201);
  HttpResponse admin = admin_get("resources/image");
  EXPECT_EQ(admin.status, 500);
  EXPECT_EQ(mock_->journal().entries().back().api, "admin");
  EXPECT_EQ(upload("also-kept").status, 200);

  ASSERT_EQ(control("POST", "faults", R"({"family": "delivery", "status": 502})").status, 201);
  EXPECT_EQ(mock_->handle(request_head("GET", "/" + cloud_.cloud_name + "/image/upload/kept.png"), "").status, 502);
  EXPECT_EQ(mock_->handle(request_head("HEAD", "/" + cloud_.cloud_name + "/video/upload/kept.mp4"), "").status, 502);
  EXPECT_EQ(upload("still-kept").status, 200);
}

TEST_F(FaultsThroughMockTest, FamilyAndPathMustBothMatch) {
  ASSERT_EQ(control("POST", "faults", R"({"family": "upload", "path": "*/video/*", "status": 420})").status, 201);
  EXPECT_EQ(post_upload(*mock_, cloud_, signed_params({}, cloud_), FilePart{"a.png", "image/png", png_bytes(2, 2, 9)},
                        "video")
                .status,
            420);
  EXPECT_EQ(upload("image-goes-through").status, 200);
}

TEST_F(FaultsThroughMockTest, LatencyFaultDelaysThenAnswersNormally) {
  ASSERT_EQ(control("POST", "faults", R"({"id": "slow", "path": "/v1_1/*/ping", "latency_ms": 30})").status, 201);
  HttpResponse r = admin_get("ping");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"ok"})");
  auto e = mock_->journal().entries().back();
  EXPECT_EQ(e.fault, "slow");
  EXPECT_EQ(e.action, "ping");
  EXPECT_GE(e.duration_ms, 30.0);  // a lower bound only
}

TEST_F(FaultsThroughMockTest, DropConnectionFaultIsFlaggedOnTheResponse) {
  ASSERT_EQ(control("POST", "faults", R"({"id": "cut", "method": "POST", "path": "*/upload", "drop": true,
                                          "to": 1})")
                .status,
            201);
  HttpResponse r = upload("dropped");
  EXPECT_TRUE(r.drop_connection);
  EXPECT_FALSE(mock_->store().find(cloud_.cloud_name, "image", "upload", "dropped"));
  EXPECT_EQ(mock_->journal().entries().back().fault, "cut");
  HttpResponse next = upload("kept");
  EXPECT_FALSE(next.drop_connection);
  EXPECT_EQ(next.status, 200);
}

TEST_F(FaultsThroughMockTest, ControlApiManagesFaults) {
  HttpResponse bad = control("POST", "faults", R"({"status": 42})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("/status"), std::string::npos);
  EXPECT_EQ(control("POST", "faults", "not json").status, 400);
  EXPECT_TRUE(body_json(control("GET", "faults"))["faults"].empty());

  HttpResponse a = control("POST", "faults", R"({"path": "/v1_1/*/ping", "status": 500, "to": 1})");
  ASSERT_EQ(a.status, 201);
  std::string id = body_json(a)["id"].get<std::string>();
  EXPECT_FALSE(id.empty());
  EXPECT_EQ(admin_get("ping").status, 500);
  EXPECT_EQ(admin_get("ping").status, 200);
  auto listed = body_json(control("GET", "faults"))["faults"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["id"], id);
  EXPECT_EQ(listed[0]["matched"], 2);
  EXPECT_EQ(listed[0]["status"], 500);

  ASSERT_EQ(control("POST", "faults", R"({"path": "*", "status": 500})").status, 201);
  EXPECT_EQ(control("DELETE", "faults").status, 200);
  EXPECT_TRUE(body_json(control("GET", "faults"))["faults"].empty());
  EXPECT_EQ(admin_get("ping").status, 200);
  // The control API itself is neither faulted nor journaled.
  EXPECT_EQ(mock_->journal().size(), 3u);
}

TEST_F(FaultsThroughMockTest, ResetClearsJournalFaultsAssetsAndQuotas) {
  ASSERT_EQ(upload("kept").status, 200);
  auto stored = mock_->store().find(cloud_.cloud_name, "image", "upload", "kept");
  ASSERT_TRUE(stored);
  mock_->store().put_preset(cloud_.cloud_name, UploadPreset{"extra", true, nlohmann::json::object()});
  ASSERT_EQ(control("POST", "faults", R"({"path": "/nowhere", "status": 500})").status, 201);
  ASSERT_EQ(control("POST", "rate_limits", nlohmann::json({{"cloud", cloud_.cloud_name}, {"limit_per_hour", 0}}).dump())
                .status,
            200);
  EXPECT_EQ(admin_get("ping").status, 420);

  HttpResponse reset = control("POST", "reset");
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(mock_->journal().size(), 0u);
  EXPECT_TRUE(mock_->state().faults.rules().empty());
  EXPECT_FALSE(mock_->store().find(cloud_.cloud_name, "image", "upload", "kept"));
  EXPECT_FALSE(std::filesystem::exists(stored->file));
  EXPECT_FALSE(mock_->store().find_preset(cloud_.cloud_name, "extra"));
  EXPECT_TRUE(mock_->store().find_preset(cloud_.cloud_name, "cldcert_unsigned"));  // the accounts' presets stay
  EXPECT_EQ(admin_get("ping").status, 200);                                        // quota back to the default
}

TEST_F(FaultsThroughMockTest, RateLimitsControlSetsACloudsQuota) {
  ASSERT_EQ(control("POST", "rate_limits", nlohmann::json({{"cloud", cloud_.cloud_name}, {"limit_per_hour", 1}}).dump())
                .status,
            200);
  HttpResponse first = admin_get("ping");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(header_value(first.headers, "X-FeatureRateLimit-Limit"), "1");
  EXPECT_EQ(header_value(first.headers, "X-FeatureRateLimit-Remaining"), "0");
  EXPECT_EQ(admin_get("ping").status, 420);
  // Other clouds keep the default.
  const Cloud& other = mock_->accounts().accounts[1].clouds[0];
  HttpResponse other_r = testing_support::admin_get(*mock_, other, "ping");
  EXPECT_EQ(other_r.status, 200);
  EXPECT_EQ(header_value(other_r.headers, "X-FeatureRateLimit-Limit"), "5000");

  for (const std::string bad :
       {R"({"cloud": "c"})", R"({"limit_per_hour": 3})", R"({"cloud": "c", "limit_per_hour": -1})",
        R"({"cloud": 1, "limit_per_hour": 3})", "nope"}) {
    EXPECT_EQ(control("POST", "rate_limits", bad).status, 400) << bad;
  }
}

TEST_F(FaultsThroughMockTest, HarExportHoldsNoSecret) {
  ASSERT_EQ(upload("har").status, 200);
  ASSERT_EQ(admin_get("resources/image").status, 200);
  const Account& account = mock_->accounts().accounts[0];
  const std::string auth = basic_auth(account.provisioning_key, account.provisioning_secret);
  HttpResponse listed = mock_->handle(
      request_head("GET", "/v1_1/provisioning/accounts/" + account.id + "/sub_accounts", {{"Authorization", auth}}),
      "");
  ASSERT_EQ(listed.status, 200);
  ASSERT_NE(listed.body.find(cloud_.api_secret), std::string::npos);  // the answer does carry secrets

  HttpResponse har = control("GET", "har");
  ASSERT_EQ(har.status, 200);
  auto json = body_json(har);
  ASSERT_EQ(json["log"]["entries"].size(), 3u);
  for (const auto& secret : mock_->accounts().all_secrets()) {
    EXPECT_EQ(har.body.find(secret), std::string::npos) << "secret leaked into the HAR";
  }
  EXPECT_EQ(har.body.find(base64_encode(cloud_.api_key + ":" + cloud_.api_secret)), std::string::npos);
  EXPECT_EQ(har.body.find(base64_encode(account.provisioning_key + ":" + account.provisioning_secret)),
            std::string::npos);
  EXPECT_EQ(mock_->journal().size(), 3u);  // the export itself is not journaled
}

}  // namespace
}  // namespace cldcert::mock
