// The Provisioning (Account) API, driven in-process through MockCloudinary::handle.
#include "mocks/provisioning_api.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>

#include "mocks/mock_test_support.h"

namespace cldcert::mock {
namespace {

using namespace testing_support;

std::set<std::string> cloud_names(const HttpResponse& response) {
  std::set<std::string> out;
  const nlohmann::json json = body_json(response);
  for (const auto& s : json["sub_accounts"]) out.insert(s["cloud_name"].get<std::string>());
  return out;
}

class ProvisioningApiTest : public MockFixture {
 protected:
  void SetUp() override { start({}); }

  void start(std::function<void(MockOptions&)> tweak) {
    start_mock(23, tweak, 2, 3);
    account_ = mock_->accounts().accounts[0];
    other_ = mock_->accounts().accounts[1];
  }

  // `query` is sent raw, as the SDK builds it (e.g. "enabled=&prefix=").
  HttpResponse call(const std::string& route, const std::string& query = "", std::optional<std::string> account_id = {},
                    std::optional<std::string> authorization = {}, const std::string& method = "GET") {
    const std::string path = "/v1_1/provisioning/accounts/" + account_id.value_or(account_.id) + "/" + route;
    HttpRequestHead head =
        request_head(method, path + "?" + query, {{"Content-Type", "application/x-www-form-urlencoded"}});
    std::string auth = authorization.value_or(basic_auth(account_.provisioning_key, account_.provisioning_secret));
    if (!auth.empty()) head.headers.emplace_back("Authorization", auth);
    return mock_->handle(head, "");
  }

  std::set<std::string> all_clouds() const {
    std::set<std::string> out;
    for (const auto& c : account_.clouds) out.insert(c.cloud_name);
    return out;
  }

  Account account_;
  Account other_;
};

TEST_F(ProvisioningApiTest, ListsTheAccountsSubAccountsWithTheirKeys) {
  // The Node SDK sends unset filters as empty values.
  HttpResponse r = call("sub_accounts", "enabled=&prefix=");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(cloud_names(r), all_clouds());
  const nlohmann::json json = body_json(r);
  ASSERT_EQ(json["sub_accounts"].size(), 3u);
  for (const auto& sub : json["sub_accounts"]) {
    const Cloud* cloud = mock_->accounts().find_cloud(sub["cloud_name"].get<std::string>());
    ASSERT_NE(cloud, nullptr);
    EXPECT_EQ(cloud->account_id, account_.id);
    EXPECT_EQ(sub["id"], cloud->id);
    EXPECT_EQ(sub["enabled"], true);
    ASSERT_EQ(sub["api_access_keys"].size(), 1u);
    EXPECT_EQ(sub["api_access_keys"][0]["key"], cloud->api_key);
    EXPECT_EQ(sub["api_access_keys"][0]["secret"], cloud->api_secret);
    EXPECT_TRUE(sub.contains("created_at"));
  }
  auto e = last_entry();
  EXPECT_EQ(e.api, "provisioning");
  EXPECT_EQ(e.action, "sub_accounts.list");
  EXPECT_EQ(e.auth.method, "provisioning_basic");
  EXPECT_EQ(e.auth.outcome, "ok");
  EXPECT_EQ(e.auth.api_key, account_.provisioning_key);
  EXPECT_EQ(e.status, 200);

  // No query at all: the same list.
  EXPECT_EQ(cloud_names(call("sub_accounts")), all_clouds());
}

TEST_F(ProvisioningApiTest, FiltersByIdsCloudNamesPrefixAndEnabled) {
  const Cloud& c0 = account_.clouds[0];
  const Cloud& c1 = account_.clouds[1];
  const Cloud& c2 = account_.clouds[2];
  EXPECT_EQ(cloud_names(call("sub_accounts", "ids=" + c1.id)), (std::set<std::string>{c1.cloud_name}));
  EXPECT_EQ(cloud_names(call("sub_accounts", "ids=" + c0.id + "&ids=" + c2.id + "&enabled=&prefix=")),
            (std::set<std::string>{c0.cloud_name, c2.cloud_name}));
  EXPECT_EQ(cloud_names(call("sub_accounts", "ids%5B%5D=" + c2.id)), (std::set<std::string>{c2.cloud_name}));
  EXPECT_EQ(cloud_names(call("sub_accounts", "cloud_names=" + c0.cloud_name)), (std::set<std::string>{c0.cloud_name}));
  EXPECT_EQ(cloud_names(call("sub_accounts", "prefix=" + c2.cloud_name)), (std::set<std::string>{c2.cloud_name}));
  EXPECT_EQ(cloud_names(call("sub_accounts", "prefix=" + account_.id)), all_clouds());
  EXPECT_TRUE(cloud_names(call("sub_accounts", "prefix=zzz")).empty());
  // Filters combine: an id that does not have the prefix is left out.
  EXPECT_TRUE(cloud_names(call("sub_accounts", "ids=" + c1.id + "&prefix=" + c2.cloud_name)).empty());
  // Another account's cloud is never listed, even when asked for by id.
  EXPECT_TRUE(cloud_names(call("sub_accounts", "ids=" + other_.clouds[0].id)).empty());
  // Every mock sub-account is enabled.
  EXPECT_EQ(cloud_names(call("sub_accounts", "enabled=true")), all_clouds());
  EXPECT_TRUE(cloud_names(call("sub_accounts", "enabled=false")).empty());
}

TEST_F(ProvisioningApiTest, GetsOneSubAccountById) {
  const Cloud& c1 = account_.clouds[1];
  HttpResponse r = call("sub_accounts/" + c1.id);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_json(r)["cloud_name"], c1.cloud_name);
  EXPECT_EQ(body_json(r)["id"], c1.id);
  EXPECT_EQ(last_entry().action, "sub_accounts.get");

  HttpResponse missing = call("sub_accounts/0123456789abcdef0123456789abcdef");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(call("sub_accounts/" + other_.clouds[0].id).status, 404);
}

// What an integration that switches to a sub-account reads its key and secret from.
TEST_F(ProvisioningApiTest, ListsASubAccountsAccessKeys) {
  const Cloud& c1 = account_.clouds[1];
  HttpResponse r = call("sub_accounts/" + c1.id + "/access_keys");
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json json = body_json(r);
  EXPECT_EQ(json["total"], 1);
  ASSERT_EQ(json["access_keys"].size(), 1u);
  EXPECT_EQ(json["access_keys"][0]["api_key"], c1.api_key);
  EXPECT_EQ(json["access_keys"][0]["api_secret"], c1.api_secret);
  EXPECT_EQ(json["access_keys"][0]["enabled"], true);
  EXPECT_EQ(last_entry().action, "access_keys.list");
  EXPECT_EQ(last_entry().auth.outcome, "ok");

  EXPECT_EQ(call("sub_accounts/0123456789abcdef0123456789abcdef/access_keys").status, 404);
  EXPECT_EQ(call("sub_accounts/" + other_.clouds[0].id + "/access_keys").status, 404);
  EXPECT_EQ(call("sub_accounts/" + c1.id + "/access_keys/" + c1.api_key).status, 404);
}

TEST_F(ProvisioningApiTest, ListsAndGetsUsers) {
  HttpResponse r = call("users");
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json json = body_json(r);
  ASSERT_EQ(json["users"].size(), 1u);
  const nlohmann::json& user = json["users"][0];
  std::set<std::string> ids;
  for (const auto& id : user["sub_account_ids"]) ids.insert(id.get<std::string>());
  std::set<std::string> expected;
  for (const auto& c : account_.clouds) expected.insert(c.id);
  EXPECT_EQ(ids, expected);
  EXPECT_FALSE(user["email"].get<std::string>().empty());
  EXPECT_EQ(last_entry().action, "users.list");

  HttpResponse one = call("users/" + user["id"].get<std::string>());
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(body_json(one), user);
  EXPECT_EQ(last_entry().action, "users.get");
  EXPECT_EQ(call("users/nobody").status, 404);
}

TEST_F(ProvisioningApiTest, WrongCredentialsAre401InvalidCredentials) {
  const std::vector<std::string> refused_auth = {
      "",                                                                     // none
      basic_auth(account_.provisioning_key, "wrong"),                         // wrong secret
      basic_auth("nobody", account_.provisioning_secret),                     // wrong key
      basic_auth(other_.provisioning_key, other_.provisioning_secret),        // other account
      basic_auth(account_.clouds[0].api_key, account_.clouds[0].api_secret),  // a cloud's key
  };
  for (const auto& auth : refused_auth) {
    HttpResponse r = call("sub_accounts", "", std::nullopt, auth);
    EXPECT_EQ(r.status, 401) << auth;
    EXPECT_EQ(error_message(r), "Invalid credentials") << auth;
    EXPECT_EQ(last_entry().auth.outcome, "invalid_credentials");
    EXPECT_EQ(r.body.find(account_.provisioning_secret), std::string::npos);
  }
  // Right credentials, unknown account.
  HttpResponse unknown = call("sub_accounts", "", std::string("no-such-account"));
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(error_message(unknown), "Invalid credentials");
}

TEST_F(ProvisioningApiTest, AnswersCarryRateLimitHeadersAndSpentQuotaIs420) {
  start([](MockOptions& o) { o.admin_rate_limit_per_hour = 2; });
  HttpResponse first = call("sub_accounts");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(header_value(first.headers, "X-FeatureRateLimit-Limit"), "2");
  EXPECT_EQ(header_value(first.headers, "X-FeatureRateLimit-Remaining"), "1");
  EXPECT_EQ(header_value(first.headers, "X-FeatureRateLimit-Reset"), "Tue, 14 Nov 2023 23:00:00 GMT");
  HttpResponse not_found = call("users/nobody");
  EXPECT_EQ(not_found.status, 404);
  EXPECT_EQ(header_value(not_found.headers, "X-FeatureRateLimit-Remaining"), "0");
  HttpResponse spent = call("users");
  EXPECT_EQ(spent.status, 420);
  EXPECT_EQ(header_value(spent.headers, "X-FeatureRateLimit-Remaining"), "0");

  // The account's quota is its own: the clouds' Admin API quota is untouched.
  EXPECT_EQ(admin_get(*mock_, account_.clouds[0], "ping").status, 200);

  *now_ = 1'700'002'800;  // the next hour
  EXPECT_EQ(call("users").status, 200);
}

TEST_F(ProvisioningApiTest, WritesAreRefused) {
  HttpResponse r = call("sub_accounts", "", std::nullopt, std::nullopt, "POST");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(mock_->accounts().accounts[0].clouds.size(), 3u);
}

}  // namespace
}  // namespace cldcert::mock
