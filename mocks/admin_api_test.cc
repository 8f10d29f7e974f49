// The Admin API, driven in-process through MockCloudinary::handle.
#include "mocks/admin_api.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "mocks/base64.h"
#include "mocks/mock_test_support.h"

namespace cldcert::mock {
namespace {

using namespace testing_support;

std::string mp4_bytes(std::size_t total) {
  std::string s(
      "\0\0\0\x18"
      "ftypisom\0\0\0\0isommp41",
      24);
  while (s.size() < total) s.push_back(static_cast<char>(s.size() % 199));
  return s;
}

std::set<std::string> public_ids(const nlohmann::json& resources) {
  std::set<std::string> out;
  for (const auto& r : resources) out.insert(r["public_id"].get<std::string>());
  return out;
}

class AdminApiTest : public MockFixture {
 protected:
  void SetUp() override { start({}); }

  void start(std::function<void(MockOptions&)> tweak) {
    start_mock(11, tweak);
    cloud_ = mock_->accounts().accounts[0].clouds[0];
    read_only_ = mock_->accounts().accounts[0].clouds[1];
    ASSERT_EQ(cloud_.role, Role::kMasterAdmin);
    ASSERT_EQ(read_only_.role, Role::kReadOnly);
  }

  // An Admin API call the way the Node SDK sends it: urlencoded everywhere, GET params in the
  // query string, other methods' params in the body.
  HttpResponse admin(const std::string& method, const std::string& route, const FormParams& params = {},
                     std::optional<Cloud> as = std::nullopt, std::optional<std::string> authorization = std::nullopt) {
    const Cloud& cloud = as ? *as : cloud_;
    const bool in_query = method == "GET";
    const std::string path = "/v1_1/" + cloud.cloud_name + "/" + route;
    HttpRequestHead head =
        request_head(method, in_query ? path + "?" + form_encode(params) : path,
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"User-Agent", kNodeUserAgent}});
    std::string auth = authorization ? *authorization : basic_auth(cloud.api_key, cloud.api_secret);
    if (!auth.empty()) head.headers.emplace_back("Authorization", auth);
    return mock_->handle(head, in_query ? "" : form_encode(params));
  }

  HttpResponse admin_json(const std::string& method, const std::string& route, const nlohmann::json& body,
                          std::optional<Cloud> as = std::nullopt) {
    const Cloud& cloud = as ? *as : cloud_;
    return mock_->handle(json_head(method, cloud, route), body.dump());
  }

  HttpRequestHead json_head(const std::string& method, const Cloud& cloud, const std::string& route) {
    return request_head(
        method, "/v1_1/" + cloud.cloud_name + "/" + route,
        {{"Content-Type", "application/json"}, {"Authorization", basic_auth(cloud.api_key, cloud.api_secret)}});
  }

  HttpResponse upload_to(const Cloud& cloud, const FormParams& params, const std::string& filename,
                         const std::string& bytes, const std::string& resource_type = "image") {
    return post_upload(*mock_, cloud, signed_params(params, cloud, *now_),
                       FilePart{filename, "application/octet-stream", bytes}, resource_type);
  }

  void put_image(const std::string& public_id, std::size_t size = 100, const std::string& tags = "",
                 const std::string& type = "upload") {
    FormParams params{{"public_id", public_id}};
    if (!tags.empty()) params.emplace_back("tags", tags);
    if (type != "upload") params.emplace_back("type", type);
    HttpResponse r = upload_to(cloud_, params, "x.png", png_bytes(4, 4, size));
    ASSERT_EQ(r.status, 200) << r.body;
  }

  void put_video(const std::string& public_id, std::size_t size = 100, const std::string& tags = "") {
    FormParams params{{"public_id", public_id}};
    if (!tags.empty()) params.emplace_back("tags", tags);
    HttpResponse r = upload_to(cloud_, params, "clip.mp4", mp4_bytes(size), "video");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  Cloud cloud_;
  Cloud read_only_;
};

// --- authentication --------------------------------------------------------------------------

TEST_F(AdminApiTest, PingAnswersOkAndIsJournaledAsAnAdminCall) {
  HttpResponse r = admin("GET", "ping");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_json(r), nlohmann::json({{"status", "ok"}}));
  EXPECT_EQ(r.content_type, "application/json");
  auto entries = mock_->journal().entries();
  ASSERT_EQ(entries.size(), 1u);
  const JournalEntry& e = entries[0];
  EXPECT_EQ(e.api, "admin");
  EXPECT_EQ(e.action, "ping");
  EXPECT_EQ(e.cloud, cloud_.cloud_name);
  EXPECT_EQ(e.method, "GET");
  EXPECT_EQ(e.auth.method, "basic");
  EXPECT_EQ(e.auth.outcome, "ok");
  EXPECT_EQ(e.auth.api_key, cloud_.api_key);
  EXPECT_EQ(e.status, 200);
}

TEST_F(AdminApiTest, MissingCredentialsAre401MustSupplyApiKey) {
  for (const std::string& auth :
       std::vector<std::string>{"", "Digest username=x", "Basic !!!notbase64", "Basic " + base64_encode("nocolon")}) {
    HttpResponse r = admin("GET", "ping", {}, std::nullopt, auth);
    EXPECT_EQ(r.status, 401) << auth;
    EXPECT_EQ(error_message(r), "Must supply api_key") << auth;
    EXPECT_EQ(last_entry().auth.outcome, "missing_parameter") << auth;
    EXPECT_EQ(last_entry().action, "ping");
  }
}

TEST_F(AdminApiTest, DeeplyNestedJsonBodyIsA400NotACrash) {
  // ~70,000 levels crashed the mock (a stack overflow in a recursive walk of the document).
  std::string body;
  for (int i = 0; i < 100000; ++i) body += "{\"a\":";
  body += "1" + std::string(100000, '}');
  HttpResponse r = mock_->handle(json_head("POST", cloud_, "resources/search"), body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_message(r), "request body: JSON nested deeper than 256 levels");
  EXPECT_EQ(mock_->journal().entries().back().status, 400);
}

TEST_F(AdminApiTest, UnknownKeyIsNamedInThe401) {
  HttpResponse r = admin("GET", "ping", {}, std::nullopt, basic_auth("123456789012345", cloud_.api_secret));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(error_message(r), "Unknown API key 123456789012345");
  EXPECT_EQ(last_entry().auth.outcome, "unknown_api_key");
  EXPECT_EQ(last_entry().auth.api_key, "123456789012345");

  // Another cloud's key is not this cloud's key.
  const Cloud& other = mock_->accounts().accounts[1].clouds[0];
  HttpResponse cross = admin("GET", "ping", {}, std::nullopt, basic_auth(other.api_key, other.api_secret));
  EXPECT_EQ(cross.status, 401);
  EXPECT_EQ(error_message(cross), "Unknown API key " + other.api_key);
}

TEST_F(AdminApiTest, WrongSecretIs401AndNeverEchoesASecret) {
  HttpResponse r = admin("GET", "resources/image", {}, std::nullopt, basic_auth(cloud_.api_key, "not-the-secret"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body.find("not-the-secret"), std::string::npos);
  EXPECT_EQ(r.body.find(cloud_.api_secret), std::string::npos);
  EXPECT_EQ(last_entry().auth.outcome, "invalid_credentials");
  EXPECT_EQ(last_entry().auth.method, "basic");
  // Nothing was served: the body is an error, not a listing.
  EXPECT_FALSE(body_json(r).contains("resources"));
}

TEST_F(AdminApiTest, BearerTokenIsAcceptedButRecordedAsNotValidated) {
  HttpResponse r = admin("GET", "ping", {}, std::nullopt, "Bearer some.oauth.token");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(last_entry().auth.method, "bearer");
  EXPECT_EQ(last_entry().auth.outcome, "not_validated");
  EXPECT_EQ(last_entry().auth.api_key, "");
}

// --- rate limits -----------------------------------------------------------------------------

TEST_F(AdminApiTest, EveryAnswerCarriesRateLimitHeaders) {
  start([](MockOptions& o) { o.admin_rate_limit_per_hour = 50; });
  std::vector<HttpResponse> answers = {
      admin("GET", "ping"),                                          // 200
      admin("GET", "resources/image/upload/missing"),                // 404
      admin("GET", "resources/image", {{"max_results", "0"}}),       // 400
      admin("POST", "upload_presets", {{"name", "p"}}, read_only_),  // 403 (another cloud)
  };
  EXPECT_EQ(answers[0].status, 200);
  EXPECT_EQ(answers[1].status, 404);
  EXPECT_EQ(answers[2].status, 400);
  EXPECT_EQ(answers[3].status, 403);
  const std::vector<std::string> remaining = {"49", "48", "47", "49"};
  for (std::size_t i = 0; i < answers.size(); ++i) {
    const HeaderList& h = answers[i].headers;
    EXPECT_EQ(header_value(h, "X-FeatureRateLimit-Limit"), "50") << i;
    EXPECT_EQ(header_value(h, "X-FeatureRateLimit-Remaining"), remaining[i]) << i;
    EXPECT_EQ(header_value(h, "X-FeatureRateLimit-Reset"), "Tue, 14 Nov 2023 23:00:00 GMT") << i;
  }
  // The journal keeps what was answered.
  EXPECT_EQ(header_value(mock_->journal().entries()[0].response_headers, "X-FeatureRateLimit-Remaining"), "49");
}

TEST_F(AdminApiTest, SpentQuotaIs420UntilTheNextHour) {
  start([](MockOptions& o) { o.admin_rate_limit_per_hour = 2; });
  EXPECT_EQ(admin("GET", "ping").status, 200);
  EXPECT_EQ(admin("GET", "ping").status, 200);
  HttpResponse refused = admin("GET", "ping");
  EXPECT_EQ(refused.status, 420);
  EXPECT_FALSE(error_message(refused).empty());
  EXPECT_EQ(header_value(refused.headers, "X-FeatureRateLimit-Limit"), "2");
  EXPECT_EQ(header_value(refused.headers, "X-FeatureRateLimit-Remaining"), "0");
  EXPECT_EQ(header_value(refused.headers, "X-FeatureRateLimit-Reset"), "Tue, 14 Nov 2023 23:00:00 GMT");
  EXPECT_EQ(last_entry().status, 420);
  // A refused write changes nothing.
  EXPECT_EQ(admin("POST", "upload_presets", {{"name", "late"}}).status, 420);
  EXPECT_FALSE(mock_->store().find_preset(cloud_.cloud_name, "late"));

  // The quota is per cloud.
  const Cloud& other = mock_->accounts().accounts[1].clouds[0];
  EXPECT_EQ(admin("GET", "ping", {}, other).status, 200);

  // At the full hour the count starts again.
  *now_ = 1'700'002'800;  // 23:00:00
  HttpResponse fresh = admin("GET", "ping");
  EXPECT_EQ(fresh.status, 200);
  EXPECT_EQ(header_value(fresh.headers, "X-FeatureRateLimit-Remaining"), "1");
  EXPECT_EQ(header_value(fresh.headers, "X-FeatureRateLimit-Reset"), "Wed, 15 Nov 2023 00:00:00 GMT");
}

// --- roles -----------------------------------------------------------------------------------

TEST_F(AdminApiTest, ReadOnlyCloudMayReadAndSearchButNotWrite) {
  HttpResponse create = admin("POST", "upload_presets", {{"name", "ro"}, {"unsigned", "true"}}, read_only_);
  EXPECT_EQ(create.status, 403);
  EXPECT_EQ(last_entry().auth.outcome, "forbidden");
  EXPECT_EQ(last_entry().action, "upload_presets.create");
  EXPECT_FALSE(mock_->store().find_preset(read_only_.cloud_name, "ro"));

  // The role is checked before anything is looked up: 403, not 404, for a preset that is not there.
  EXPECT_EQ(admin("PUT", "upload_presets/ro", {{"unsigned", "false"}}, read_only_).status, 403);
  EXPECT_EQ(admin("DELETE", "upload_presets/ro", {}, read_only_).status, 403);
  EXPECT_EQ(admin("POST", "transformations", {{"name", "n"}, {"transformation", "w_10"}}, read_only_).status, 403);
  EXPECT_FALSE(mock_->store().find_named_transformation(read_only_.cloud_name, "n"));

  // A read_only cloud's assets (uploaded with a preset: its keys may not upload) survive a delete.
  mock_->store().put_preset(read_only_.cloud_name, UploadPreset{"ro_unsigned", true, nlohmann::json::object()});
  ASSERT_EQ(post_upload(*mock_, read_only_, {{"upload_preset", "ro_unsigned"}, {"public_id", "keep"}},
                        FilePart{"k.png", "application/octet-stream", png_bytes(1, 1, 60)})
                .status,
            200);
  EXPECT_EQ(admin("DELETE", "resources/image/upload", {{"all", "true"}}, read_only_).status, 403);
  EXPECT_TRUE(mock_->store().find(read_only_.cloud_name, "image", "upload", "keep"));

  EXPECT_EQ(admin("GET", "ping", {}, read_only_).status, 200);
  EXPECT_EQ(admin("GET", "resources/image", {}, read_only_).status, 200);
  EXPECT_EQ(admin("GET", "upload_presets", {}, read_only_).status, 200);
  HttpResponse search = admin_json("POST", "resources/search", {{"expression", "resource_type:image"}}, read_only_);
  EXPECT_EQ(search.status, 200) << search.body;
  EXPECT_EQ(last_entry().auth.outcome, "ok");

  // The same writes work for a master admin.
  EXPECT_EQ(admin("POST", "upload_presets", {{"name", "rw"}}).status, 200);
}

// --- resources -------------------------------------------------------------------------------

TEST_F(AdminApiTest, ResourcesListByResourceTypeTypeAndPrefix) {
  put_image("a/one");
  put_image("a/two");
  put_image("b/three");
  put_image("a/hidden", 100, "", "private");
  put_video("a/clip");

  HttpResponse all_images = admin("GET", "resources/image");
  ASSERT_EQ(all_images.status, 200) << all_images.body;
  EXPECT_EQ(public_ids(body_json(all_images)["resources"]),
            (std::set<std::string>{"a/one", "a/two", "b/three", "a/hidden"}));
  EXPECT_EQ(last_entry().action, "resources.list");

  EXPECT_EQ(public_ids(body_json(admin("GET", "resources/image/upload"))["resources"]),
            (std::set<std::string>{"a/one", "a/two", "b/three"}));
  EXPECT_EQ(public_ids(body_json(admin("GET", "resources/image/private"))["resources"]),
            (std::set<std::string>{"a/hidden"}));
  EXPECT_EQ(public_ids(body_json(admin("GET", "resources/image/upload", {{"prefix", "a/"}}))["resources"]),
            (std::set<std::string>{"a/one", "a/two"}));
  EXPECT_EQ(public_ids(body_json(admin("GET", "resources/image", {{"type", "private"}}))["resources"]),
            (std::set<std::string>{"a/hidden"}));
  EXPECT_EQ(public_ids(body_json(admin("GET", "resources/video"))["resources"]), (std::set<std::string>{"a/clip"}));
  EXPECT_TRUE(body_json(admin("GET", "resources/raw"))["resources"].empty());

  // Each listed resource describes its asset.
  auto listed = body_json(admin("GET", "resources/image/upload", {{"prefix", "b/"}}))["resources"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["resource_type"], "image");
  EXPECT_EQ(listed[0]["type"], "upload");
  EXPECT_EQ(listed[0]["format"], "png");
  EXPECT_EQ(listed[0]["bytes"], 100);
  EXPECT_EQ(listed[0]["secure_url"],
            "https://res.cloudinary.com/" + cloud_.cloud_name + "/image/upload/v1700000000/b/three.png");
  EXPECT_EQ(last_entry().resource_type, "image");
  EXPECT_EQ(last_entry().delivery_type, "upload");

  // Another cloud's listing does not see these.
  EXPECT_TRUE(
      body_json(admin("GET", "resources/image", {}, mock_->accounts().accounts[1].clouds[0]))["resources"].empty());
}

TEST_F(AdminApiTest, PaginationWithNextCursorCoversEveryAssetOnce) {
  std::set<std::string> expected;
  for (int i = 0; i < 7; ++i) {
    std::string id = "page/img" + std::to_string(i);
    put_image(id);
    expected.insert(id);
  }
  put_image("other");  // outside the prefix

  std::multiset<std::string> seen;
  std::vector<std::size_t> page_sizes;
  std::string cursor;
  for (int guard = 0; guard < 10; ++guard) {
    FormParams params{{"prefix", "page/"}, {"max_results", "3"}};
    if (!cursor.empty()) params.emplace_back("next_cursor", cursor);
    HttpResponse r = admin("GET", "resources/image/upload", params);
    ASSERT_EQ(r.status, 200) << r.body;
    auto json = body_json(r);
    page_sizes.push_back(json["resources"].size());
    for (const auto& res : json["resources"]) seen.insert(res["public_id"].get<std::string>());
    if (!json.contains("next_cursor")) break;
    cursor = json["next_cursor"].get<std::string>();
    ASSERT_FALSE(cursor.empty());
  }
  EXPECT_EQ(page_sizes, (std::vector<std::size_t>{3, 3, 1}));
  EXPECT_EQ(seen.size(), expected.size());
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), expected);

  // Default page size is 10; an exact fit has no cursor.
  auto exact = body_json(admin("GET", "resources/image/upload", {{"prefix", "page/"}, {"max_results", "7"}}));
  EXPECT_EQ(exact["resources"].size(), 7u);
  EXPECT_FALSE(exact.contains("next_cursor"));

  for (const std::string bad : {"0", "501", "ten"}) {
    HttpResponse r = admin("GET", "resources/image", {{"max_results", bad}});
    EXPECT_EQ(r.status, 400) << bad;
  }
  EXPECT_EQ(admin("GET", "resources/image", {{"next_cursor", "garbage!"}}).status, 400);
}

TEST_F(AdminApiTest, ResourceDetailsForAPublicIdWithSlashes) {
  put_image("folder/sub/my pic", 321, "x,y");
  HttpResponse r = admin("GET", "resources/image/upload/folder/sub/my pic");
  ASSERT_EQ(r.status, 200) << r.body;
  auto json = body_json(r);
  EXPECT_EQ(json["public_id"], "folder/sub/my pic");
  EXPECT_EQ(json["bytes"], 321);
  EXPECT_EQ(json["tags"], nlohmann::json({"x", "y"}));
  EXPECT_EQ(json["etag"], mock_->store().find(cloud_.cloud_name, "image", "upload", "folder/sub/my pic")->etag);
  EXPECT_TRUE(json["derived"].is_array());
  auto e = last_entry();
  EXPECT_EQ(e.action, "resources.get");
  EXPECT_EQ(e.public_id, "folder/sub/my pic");

  HttpResponse missing = admin("GET", "resources/image/upload/folder/none");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(error_message(missing), "Resource not found - folder/none");
  // The type is part of the address.
  EXPECT_EQ(admin("GET", "resources/image/private/folder/sub/my pic").status, 404);
}

TEST_F(AdminApiTest, DeleteResourcesByIdsAndByPrefix) {
  put_image("a/one");
  put_image("a/two");
  put_image("a/three");
  put_image("b/one");
  put_image("a/private", 100, "", "private");
  auto stored = mock_->store().find(cloud_.cloud_name, "image", "upload", "a/one");
  ASSERT_TRUE(stored);
  ASSERT_TRUE(std::filesystem::exists(stored->file));

  HttpResponse by_ids =
      admin("DELETE", "resources/image/upload", {{"public_ids[]", "a/one"}, {"public_ids[]", "nope"}});
  ASSERT_EQ(by_ids.status, 200) << by_ids.body;
  auto json = body_json(by_ids);
  EXPECT_EQ(json["deleted"], nlohmann::json({{"a/one", "deleted"}, {"nope", "not_found"}}));
  EXPECT_EQ(json["partial"], false);
  EXPECT_EQ(last_entry().action, "resources.delete");
  EXPECT_FALSE(mock_->store().find(cloud_.cloud_name, "image", "upload", "a/one"));
  EXPECT_FALSE(std::filesystem::exists(stored->file));

  HttpResponse by_prefix = admin("DELETE", "resources/image/upload", {{"prefix", "a/"}});
  ASSERT_EQ(by_prefix.status, 200) << by_prefix.body;
  EXPECT_EQ(body_json(by_prefix)["deleted"], nlohmann::json({{"a/two", "deleted"}, {"a/three", "deleted"}}));
  EXPECT_TRUE(mock_->store().find(cloud_.cloud_name, "image", "upload", "b/one"));
  EXPECT_TRUE(mock_->store().find(cloud_.cloud_name, "image", "private", "a/private"));

  // A public id both named and under the prefix is reported once, as deleted.
  put_image("c/one");
  HttpResponse both = admin("DELETE", "resources/image/upload", {{"public_ids[]", "c/one"}, {"prefix", "c/"}});
  ASSERT_EQ(both.status, 200) << both.body;
  EXPECT_EQ(body_json(both)["deleted"], nlohmann::json({{"c/one", "deleted"}}));

  EXPECT_EQ(admin("DELETE", "resources/image/private", {{"public_ids[]", "a/private"}}).status, 200);
  EXPECT_FALSE(mock_->store().find(cloud_.cloud_name, "image", "private", "a/private"));

  EXPECT_EQ(admin("DELETE", "resources/image/upload").status, 400);
  EXPECT_TRUE(mock_->store().find(cloud_.cloud_name, "image", "upload", "b/one"));
}

TEST_F(AdminApiTest, TagsListingIsPerResourceTypeSortedAndUnique) {
  put_image("i1", 100, "red,blue");
  put_image("i2", 100, "blue,green");
  put_video("v1", 100, "movie");
  HttpResponse r = admin("GET", "tags/image");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_json(r)["tags"], nlohmann::json({"blue", "green", "red"}));
  EXPECT_EQ(last_entry().action, "tags.list");
  EXPECT_EQ(body_json(admin("GET", "tags/video"))["tags"], nlohmann::json({"movie"}));
  EXPECT_EQ(body_json(admin("GET", "tags/image", {{"prefix", "gr"}}))["tags"], nlohmann::json({"green"}));
}

// --- search ----------------------------------------------------------------------------------

class AdminSearchTest : public AdminApiTest {
 protected:
  void SetUp() override {
    AdminApiTest::SetUp();
    put_image("a/one", 100, "x");
    put_image("a/two", 300, "y");
    put_image("b/three", 500, "x");
    put_image("top", 200);
    put_image("a/secret", 150, "", "private");
    put_video("a/clip", 400, "a");
    put_video("b/clip", 600, "b");
  }

  std::set<std::string> search(const std::string& expression) {
    HttpResponse r = admin_json("POST", "resources/search", {{"expression", expression}});
    EXPECT_EQ(r.status, 200) << expression << ": " << r.body;
    if (r.status != 200) return {};
    auto json = body_json(r);
    EXPECT_EQ(json["total_count"], json["resources"].size()) << expression;
    return public_ids(json["resources"]);
  }
};

TEST_F(AdminSearchTest, ExpressionsSelectTheMatchingAssets) {
  EXPECT_EQ(search("folder:a*"), (std::set<std::string>{"a/one", "a/two", "a/secret", "a/clip"}));
  EXPECT_EQ(search("public_id=b/three"), (std::set<std::string>{"b/three"}));
  EXPECT_EQ(search("public_id:a/t*"), (std::set<std::string>{"a/two"}));
  EXPECT_EQ(search("resource_type:video AND tags=a"), (std::set<std::string>{"a/clip"}));
  EXPECT_EQ(search("bytes>250"), (std::set<std::string>{"a/two", "b/three", "a/clip", "b/clip"}));
  EXPECT_EQ(search("bytes<150"), (std::set<std::string>{"a/one"}));
  EXPECT_EQ(search("tags:x AND resource_type:image"), (std::set<std::string>{"a/one", "b/three"}));
  EXPECT_EQ(search("type:private"), (std::set<std::string>{"a/secret"}));
  EXPECT_EQ(search(""), (std::set<std::string>{"a/one", "a/two", "b/three", "top", "a/secret", "a/clip", "b/clip"}));
  EXPECT_EQ(search("public_id=\"top\""), (std::set<std::string>{"top"}));
  EXPECT_TRUE(search("tags=nothing").empty());

  auto e = last_entry();
  EXPECT_EQ(e.api, "admin");
  EXPECT_EQ(e.action, "resources.search");
  EXPECT_EQ(e.method, "POST");
}

TEST_F(AdminSearchTest, UnknownFieldOrMalformedTermIs400) {
  HttpResponse unknown = admin_json("POST", "resources/search", {{"expression", "colour:red"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(error_message(unknown).find("colour"), std::string::npos);
  // A bare word is a field-less term now (search_expression.cc); broken shapes are still 400.
  for (const char* malformed : {"tags:x AND (", "tags:x)", ":x", "tags:x AND", "NOT"}) {
    EXPECT_EQ(admin_json("POST", "resources/search", {{"expression", malformed}}).status, 400) << malformed;
  }
}

TEST_F(AdminSearchTest, FieldLessTermsAndBooleanOperators) {
  EXPECT_EQ(search("clip"), (std::set<std::string>{"a/clip", "b/clip"}));
  EXPECT_EQ(search("thr*"), (std::set<std::string>{"b/three"}));
  EXPECT_EQ(search("clip AND NOT folder:a"), (std::set<std::string>{"b/clip"}));
  EXPECT_EQ(search("(tags=x OR tags=y) AND -public_id:b*"), (std::set<std::string>{"a/one", "a/two"}));
  EXPECT_EQ(search("top || secret"), (std::set<std::string>{"top", "a/secret"}));
}

TEST_F(AdminSearchTest, JsonBodyParamsDriveSearchPaging) {
  std::set<std::string> seen;
  nlohmann::json request = nlohmann::json::object();
  request["expression"] = "resource_type:image";
  request["max_results"] = 2;  // a JSON number, as the SDK sends it
  request["sort_by"] = nlohmann::json::array({nlohmann::json{{"public_id", "desc"}}});
  request["with_field"] = nlohmann::json::array({"tags"});
  int pages = 0;
  for (; pages < 10; ++pages) {
    HttpResponse r = admin_json("POST", "resources/search", request);
    ASSERT_EQ(r.status, 200) << r.body;
    auto json = body_json(r);
    EXPECT_LE(json["resources"].size(), 2u);
    EXPECT_EQ(json["total_count"], 5);
    for (const auto& res : json["resources"]) EXPECT_TRUE(seen.insert(res["public_id"].get<std::string>()).second);
    if (!json.contains("next_cursor")) break;
    request["next_cursor"] = json["next_cursor"];
  }
  EXPECT_EQ(pages, 2);  // 2 + 2 + 1
  EXPECT_EQ(seen, (std::set<std::string>{"a/one", "a/two", "b/three", "top", "a/secret"}));

  // The JSON fields are journaled like form fields.
  auto e = last_entry();
  auto field =
      std::find_if(e.fields.begin(), e.fields.end(), [](const JournalField& f) { return f.name == "expression"; });
  ASSERT_NE(field, e.fields.end());
  EXPECT_EQ(field->value, "resource_type:image");

  // The same search as a GET with query parameters.
  HttpResponse get = admin("GET", "resources/search", {{"expression", "public_id=top"}});
  ASSERT_EQ(get.status, 200) << get.body;
  EXPECT_EQ(public_ids(body_json(get)["resources"]), (std::set<std::string>{"top"}));

  // A JSON body that is not an object is refused.
  HttpResponse bad = mock_->handle(json_head("POST", cloud_, "resources/search"), "[1,2");
  EXPECT_EQ(bad.status, 400);
}

// --- upload presets --------------------------------------------------------------------------

TEST_F(AdminApiTest, UploadPresetLifecycle) {
  // The Node SDK's create_upload_preset body, stray timestamp included.
  HttpResponse created =
      admin("POST", "upload_presets",
            {{"folder", "pf"}, {"timestamp", "1700000000"}, {"tags", "t"}, {"name", "pre1"}, {"unsigned", "true"}});
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(body_json(created), nlohmann::json({{"message", "created"}, {"name", "pre1"}}));
  EXPECT_EQ(last_entry().action, "upload_presets.create");

  HttpResponse duplicate = admin("POST", "upload_presets", {{"name", "pre1"}});
  EXPECT_EQ(duplicate.status, 409);

  HttpResponse list = admin("GET", "upload_presets");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(last_entry().action, "upload_presets.list");
  std::map<std::string, nlohmann::json> by_name;
  const nlohmann::json listed = body_json(list);
  for (const auto& p : listed["presets"]) by_name[p["name"].get<std::string>()] = p;
  EXPECT_EQ(by_name.size(), 3u);  // cldcert_unsigned, cldcert_signed, pre1
  ASSERT_TRUE(by_name.count("pre1"));
  EXPECT_EQ(by_name["pre1"]["unsigned"], true);
  EXPECT_EQ(by_name["pre1"]["settings"], nlohmann::json({{"folder", "pf"}, {"tags", "t"}}));
  EXPECT_EQ(by_name["cldcert_signed"]["unsigned"], false);

  HttpResponse one = admin("GET", "upload_presets/pre1");
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(last_entry().action, "upload_presets.get");
  EXPECT_EQ(body_json(one)["name"], "pre1");
  EXPECT_EQ(body_json(one)["unsigned"], true);

  // An unsigned upload through the new preset works.
  auto unsigned_upload = [&](const std::string& preset) {
    return post_upload(*mock_, cloud_, {{"upload_preset", preset}},
                       FilePart{"u.png", "application/octet-stream", png_bytes(2, 2, 80)});
  };
  HttpResponse uploaded = unsigned_upload("pre1");
  EXPECT_EQ(uploaded.status, 200) << uploaded.body;
  EXPECT_EQ(last_entry().auth.method, "unsigned_preset");
  EXPECT_EQ(last_entry().auth.upload_preset, "pre1");

  HttpResponse updated = admin("PUT", "upload_presets/pre1", {{"unsigned", "false"}, {"folder", "pf2"}});
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(last_entry().action, "upload_presets.update");
  auto after = body_json(admin("GET", "upload_presets/pre1"));
  EXPECT_EQ(after["unsigned"], false);
  EXPECT_EQ(after["settings"]["folder"], "pf2");
  EXPECT_EQ(after["settings"]["tags"], "t");
  EXPECT_EQ(unsigned_upload("pre1").status, 400);  // now signed-only

  HttpResponse deleted = admin("DELETE", "upload_presets/pre1");
  ASSERT_EQ(deleted.status, 200);
  EXPECT_EQ(last_entry().action, "upload_presets.delete");
  HttpResponse gone = admin("GET", "upload_presets/pre1");
  EXPECT_EQ(gone.status, 404);
  EXPECT_NE(error_message(gone).find("pre1"), std::string::npos);
  EXPECT_EQ(admin("PUT", "upload_presets/pre1", {{"unsigned", "true"}}).status, 404);
  EXPECT_EQ(admin("DELETE", "upload_presets/pre1").status, 404);
  EXPECT_EQ(unsigned_upload("pre1").status, 400);
}

// --- named transformations -------------------------------------------------------------------

TEST_F(AdminApiTest, NamedTransformationsThroughTheParameterForm) {
  HttpResponse created = admin("POST", "transformations", {{"name", "small"}, {"transformation", "c_fill,w_100"}});
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(body_json(created)["message"], "created");
  EXPECT_EQ(last_entry().action, "transformations.create");
  EXPECT_EQ(mock_->store().find_named_transformation(cloud_.cloud_name, "small"), "c_fill,w_100");
  EXPECT_EQ(admin("POST", "transformations", {{"name", "small"}, {"transformation", "w_5"}}).status, 409);
  EXPECT_EQ(admin("POST", "transformations", {{"name", "nodef"}}).status, 400);

  HttpResponse list = admin("GET", "transformations", {{"named", "true"}});
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(last_entry().action, "transformations.list");
  auto items = body_json(list)["transformations"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["name"], "t_small");
  EXPECT_EQ(items[0]["named"], true);

  for (const std::string name : {"small", "t_small"}) {
    HttpResponse one = admin("GET", "transformations", {{"transformation", name}});
    ASSERT_EQ(one.status, 200) << name << one.body;
    EXPECT_EQ(last_entry().action, "transformations.get");
    auto json = body_json(one);
    EXPECT_EQ(json["name"], "t_small");
    EXPECT_EQ(json["named"], true);
    ASSERT_EQ(json["info"].size(), 1u);
    EXPECT_EQ(json["info"][0]["crop"], "fill");
    EXPECT_TRUE(json["info"][0].contains("width"));
  }

  HttpResponse updated = admin("PUT", "transformations", {{"transformation", "small"}, {"unsafe_update", "w_50"}});
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(mock_->store().find_named_transformation(cloud_.cloud_name, "small"), "w_50");

  HttpResponse deleted = admin("DELETE", "transformations", {{"transformation", "small"}});
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(last_entry().action, "transformations.delete");
  EXPECT_FALSE(mock_->store().find_named_transformation(cloud_.cloud_name, "small"));
  EXPECT_EQ(admin("GET", "transformations", {{"transformation", "small"}}).status, 404);
  EXPECT_TRUE(body_json(admin("GET", "transformations"))["transformations"].empty());
}

TEST_F(AdminApiTest, NamedTransformationsThroughThePathForm) {
  ASSERT_EQ(admin("POST", "transformations/medium", {{"transformation", "w_200,h_150/e_sepia"}}).status, 200);
  HttpResponse one = admin("GET", "transformations/t_medium");
  ASSERT_EQ(one.status, 200) << one.body;
  auto json = body_json(one);
  EXPECT_EQ(json["name"], "t_medium");
  ASSERT_EQ(json["info"].size(), 2u);  // one step per chained component
  EXPECT_TRUE(json["info"][0].contains("width"));
  EXPECT_TRUE(json["info"][0].contains("height"));
  EXPECT_EQ(json["info"][1]["effect"], "sepia");
  EXPECT_EQ(admin("GET", "transformations/medium").status, 200);

  EXPECT_EQ(admin("DELETE", "transformations/medium").status, 200);
  EXPECT_EQ(admin("GET", "transformations/medium").status, 404);
  EXPECT_EQ(admin("DELETE", "transformations/medium").status, 404);
}

// --- journal ---------------------------------------------------------------------------------

TEST_F(AdminApiTest, JournalRecordsFormFieldsAndTheRoute) {
  admin("POST", "upload_presets", {{"name", "jp"}, {"folder", "f/g"}});
  auto e = last_entry();
  EXPECT_EQ(e.api, "admin");
  EXPECT_EQ(e.path, "/v1_1/" + cloud_.cloud_name + "/upload_presets");
  std::map<std::string, std::string> fields;
  for (const auto& f : e.fields) fields[f.name] = f.value;
  EXPECT_EQ(fields["name"], "jp");
  EXPECT_EQ(fields["folder"], "f/g");  // percent-decoded from the body

  admin("GET", "resources/image/upload", {{"prefix", "p q"}});
  e = last_entry();
  EXPECT_EQ(e.action, "resources.list");
  ASSERT_EQ(e.fields.size(), 1u);
  EXPECT_EQ(e.fields[0].name, "prefix");
  EXPECT_EQ(e.fields[0].value, "p q");

  HttpResponse unknown = admin("GET", "no_such_endpoint");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(last_entry().action, "unknown");
}

}  // namespace
}  // namespace cldcert::mock
