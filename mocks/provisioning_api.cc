#include "mocks/provisioning_api.h"

#include "mocks/basic_auth.h"
#include "mocks/form_reader.h"
#include "mocks/text.h"

namespace cldcert::mock {
namespace {

// The one access key a mock cloud has, in the shape of the access-keys listing (Node SDK 2.11.0
// types/index.d.ts AccessKeyDetails, lib/provisioning/account.js access_keys).
nlohmann::json access_keys_json(const Cloud& cloud) {
  return {{"access_keys",
           {{{"name", "Root"},
             {"api_key", cloud.api_key},
             {"api_secret", cloud.api_secret},
             {"enabled", true},
             {"created_at", "2026-01-01T00:00:00Z"},
             {"updated_at", "2026-01-01T00:00:00Z"}}}},
          {"total", 1}};
}

const Cloud* find_sub_account(const Account& account, const std::string& id_or_name) {
  for (const auto& cloud : account.clouds) {
    if (cloud.id == id_or_name || cloud.cloud_name == id_or_name) return &cloud;
  }
  return nullptr;
}

nlohmann::json sub_account_json(const Cloud& cloud) {
  return {{"cloud_name", cloud.cloud_name},
          {"name", cloud.cloud_name},
          {"enabled", true},
          {"id", cloud.id},
          {"api_access_keys", {{{"key", cloud.api_key}, {"secret", cloud.api_secret}, {"enabled", true}}}},
          {"created_at", "2026-01-01T00:00:00Z"},
          {"updated_at", "2026-01-01T00:00:00Z"}};
}

// The accounts model has no people; one admin user per account, on every sub-account,
// is what an integration's "switch sub-account" screen needs.
nlohmann::json users_json(const Account& account) {
  nlohmann::json ids = nlohmann::json::array();
  for (const auto& cloud : account.clouds) ids.push_back(cloud.id);
  return nlohmann::json::array({{{"id", "user-" + account.id},
                                 {"name", "Admin of " + account.id},
                                 {"email", "admin@" + account.id + ".example.invalid"},
                                 {"role", "master_admin"},
                                 {"enabled", true},
                                 {"pending", false},
                                 {"sub_account_ids", ids},
                                 {"all_sub_accounts", true},
                                 {"created_at", "2026-01-01T00:00:00Z"}}});
}

bool listed(const FormParams& params, std::string_view key, const std::string& value) {
  auto values = form_values(params, key);
  bool any = false;
  for (const auto& v : values) {
    if (v.empty()) continue;  // the Node SDK sends unset filters as empty values
    any = true;
    if (v == value) return true;
  }
  return !any;
}

HttpResponse provisioning_call(MockState& state, const HttpRequestHead& head, const std::vector<std::string>& route,
                               JournalEntry& entry) {
  if (route.empty()) return cloudinary_error(404, "not found");
  const Account* account = state.options.accounts.find_account(route[0]);
  std::string what = route.size() >= 2 ? route[1] : "";
  AuthRecord& auth = entry.auth;
  auto credentials = parse_basic_auth(header_value(head.headers, "Authorization"));
  auth.method = "provisioning_basic";
  if (!credentials || account == nullptr || credentials->key != account->provisioning_key ||
      credentials->secret != account->provisioning_secret) {
    auth.api_key = credentials ? credentials->key : "";
    auth.outcome = "invalid_credentials";
    return cloudinary_error(401, "Invalid credentials");
  }
  auth.api_key = credentials->key;
  auth.outcome = "ok";
  if (head.method != "GET") return cloudinary_error(403, "cldcert mock: the Provisioning API is read-only here");

  auto decision = state.admin_rate_limits.take("provisioning:" + account->id, state.now_unix());
  HttpResponse response;
  const FormParams& params = head.query_params;
  if (!decision.allowed) {
    response = cloudinary_error(420, "Rate Limit Exceeded");
  } else if (what == "sub_accounts" && route.size() == 2) {
    nlohmann::json list = nlohmann::json::array();
    auto prefix = form_value(params, "prefix").value_or("");
    // Every mock sub-account is enabled, so enabled=false selects none.
    bool want_disabled = text::iequals(form_value(params, "enabled").value_or(""), "false");
    for (const auto& cloud : account->clouds) {
      if (want_disabled || !cloud.cloud_name.starts_with(prefix) || !listed(params, "ids", cloud.id) ||
          !listed(params, "cloud_names", cloud.cloud_name)) {
        continue;
      }
      list.push_back(sub_account_json(cloud));
    }
    response = json_response({{"sub_accounts", list}});
  } else if (what == "sub_accounts" && (route.size() == 3 || (route.size() == 4 && route[3] == "access_keys"))) {
    const Cloud* cloud = find_sub_account(*account, route[2]);
    if (cloud == nullptr) {
      response = cloudinary_error(404, "Sub account " + route[2] + " not found");
    } else {
      response = json_response(route.size() == 3 ? sub_account_json(*cloud) : access_keys_json(*cloud));
    }
  } else if (what == "users" && route.size() == 2) {
    response = json_response({{"users", users_json(*account)}});
  } else if (what == "users" && route.size() == 3) {
    auto users = users_json(*account);
    response =
        users[0]["id"] == route[2] ? json_response(users[0]) : cloudinary_error(404, "User " + route[2] + " not found");
  } else {
    response = cloudinary_error(404, "cldcert mock: no Provisioning API endpoint at " + head.method + " " + head.path);
  }
  for (auto& h : decision.headers()) response.headers.push_back(std::move(h));
  return response;
}

}  // namespace

std::unique_ptr<Exchange> begin_provisioning_api(MockState& state, const HttpRequestHead& head,
                                                 std::vector<std::string> route, JournalEntry& entry) {
  // Known before the body, so a faulted request is journaled under its API too.
  entry.api = "provisioning";
  if (route.size() == 4) {
    entry.action = route[3] + ".list";  // sub_accounts/{id}/access_keys
  } else if (!route.empty()) {
    entry.action = (route.size() >= 2 ? route[1] : "") + (route.size() >= 3 ? ".get" : ".list");
  }
  return std::make_unique<BufferedExchange>([&state, head, route = std::move(route), &entry](std::string_view) {
    return provisioning_call(state, head, route, entry);
  });
}

}  // namespace cldcert::mock
