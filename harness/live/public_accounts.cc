#include "harness/live/public_accounts.h"

#include <string>
#include <vector>

namespace cldcert::live {
namespace {

constexpr const char* kApiSecret = "api_secret";
constexpr const char* kProvisioningSecret = "provisioning_secret";

}  // namespace

nlohmann::json accounts_without_secrets(const mock::Accounts& accounts) {
  nlohmann::json doc = mock::accounts_to_json(accounts);
  for (auto& account : doc["accounts"]) {
    account.erase(kProvisioningSecret);
    for (auto& cloud : account["clouds"]) cloud.erase(kApiSecret);
  }
  return doc;
}

mock::Accounts accounts_from_bundle(const nlohmann::json& doc, std::string_view source) {
  // The file's shape is the accounts file's, whose parser wants a secret per cloud: a stand-in is given
  // for the parse and taken out after it. A secret field in the file is a bundle that leaks one.
  nlohmann::json filled = doc;
  std::vector<std::string> problems;
  const std::string name(source);
  if (filled.is_object() && filled.contains("accounts") && filled["accounts"].is_array()) {
    auto& list = filled["accounts"];
    for (std::size_t a = 0; a < list.size(); ++a) {
      if (!list[a].is_object()) continue;
      const std::string at = name + ": /accounts/" + std::to_string(a);
      if (list[a].contains(kProvisioningSecret)) problems.push_back(at + "/provisioning_secret: a secret, in a bundle");
      list[a][kProvisioningSecret] = "";  // an account without provisioning keys has none either
      if (!list[a].contains("clouds") || !list[a]["clouds"].is_array()) continue;
      auto& clouds = list[a]["clouds"];
      for (std::size_t c = 0; c < clouds.size(); ++c) {
        if (!clouds[c].is_object()) continue;
        if (clouds[c].contains(kApiSecret))
          problems.push_back(at + "/clouds/" + std::to_string(c) + "/api_secret: a secret, in a bundle");
        clouds[c][kApiSecret] = "not-in-the-bundle";
      }
    }
  }
  if (!problems.empty()) throw mock::AccountsError(problems);
  mock::Accounts accounts = mock::parse_accounts(filled, source);
  for (auto& account : accounts.accounts) {
    account.provisioning_secret.clear();
    for (auto& cloud : account.clouds) cloud.api_secret.clear();
  }
  return accounts;
}

}  // namespace cldcert::live
