#include "harness/live/preflight.h"

#include "harness/live/admin_client.h"
#include "mocks/basic_auth.h"
#include "mocks/percent_encode.h"

namespace cldcert::live {
namespace {

template <typename F>
void for_each_cloud(const mock::Accounts& accounts, F&& f) {
  for (const auto& account : accounts.accounts) {
    for (const auto& cloud : account.clouds) f(cloud);
  }
}

}  // namespace

// The account-level key, for the scenarios that list and pick sub-accounts.
std::string refused_provisioning(const UpstreamForwarder& upstream, const mock::Account& account) {
  const std::string target = "/v1_1/provisioning/accounts/" + mock::percent_encode(account.id) + "/sub_accounts";
  const std::string authorization = mock::basic_authorization(account.provisioning_key, account.provisioning_secret);
  mock::HttpResponse response =
      upstream.call(upstream_head("GET", target, {{"Authorization", authorization}, {"User-Agent", kLiveUserAgent}}));
  if (response.status == 200) return "";
  const std::string who = "account " + account.id + " (provisioning_key " + account.provisioning_key + "): ";
  if (response.status == 401 || response.status == 403)
    return who + "the upstream refused its provisioning_key and provisioning_secret (" +
           std::to_string(response.status) + "); check the accounts file";
  return who + "the credential check (GET " + target + ") got " + std::to_string(response.status);
}

std::vector<std::string> refused_credentials(const UpstreamForwarder& upstream, const mock::Accounts& accounts) {
  std::vector<std::string> problems;
  for (const auto& account : accounts.accounts) {
    if (account.provisioning_key.empty()) continue;  // the short form: no sub-account scenario can run
    if (auto problem = refused_provisioning(upstream, account); !problem.empty()) problems.push_back(problem);
  }
  for_each_cloud(accounts, [&](const mock::Cloud& cloud) {
    AdminAnswer answer = AdminClient(upstream, cloud).call("GET", "ping");
    if (answer.status == 200) return;
    const std::string who = "cloud " + cloud.cloud_name + " (api_key " + cloud.api_key + "): ";
    if (answer.status == 401 || answer.status == 403) {
      problems.push_back(who + "the upstream refused its api_key and api_secret (" + answer.message() +
                         "); check the accounts file");
    } else {
      problems.push_back(who + "the credential check (GET /v1_1/" + cloud.cloud_name + "/ping) got " +
                         answer.message());
    }
  });
  return problems;
}

std::vector<std::string> nonempty_clouds(const UpstreamForwarder& upstream, const mock::Accounts& accounts) {
  std::vector<std::string> problems;
  for_each_cloud(accounts, [&](const mock::Cloud& cloud) {
    std::vector<std::string> found;
    for (const char* resource_type : {"image", "video", "raw"}) {
      AdminAnswer answer =
          AdminClient(upstream, cloud).call("GET", std::string("resources/") + resource_type, "max_results=3");
      if (answer.status != 200 || !answer.body.is_object() || !answer.body.contains("resources") ||
          !answer.body["resources"].is_array()) {
        problems.push_back("cloud " + cloud.cloud_name + ": cannot list its " + resource_type + " assets (" +
                           answer.message() + ")");
        return;
      }
      for (const auto& resource : answer.body["resources"]) {
        if (resource.is_object() && resource.contains("public_id") && resource["public_id"].is_string())
          found.push_back(std::string(resource_type) + " '" + resource["public_id"].get<std::string>() + "'");
      }
    }
    if (found.empty()) return;
    std::string names;
    for (const auto& name : found) names += (names.empty() ? "" : ", ") + name;
    problems.push_back("cloud " + cloud.cloud_name + " already holds assets (" + names + ", …)");
  });
  return problems;
}

}  // namespace cldcert::live
