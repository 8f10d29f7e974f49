#include "harness/live/live_accounts.h"

#include <algorithm>

#include "mocks/bounded_json.h"
#include "mocks/cloudinary_url.h"
#include "mocks/json_problems.h"

namespace cldcert::live {
namespace {

constexpr std::string_view kUrlScheme = "cloudinary://";

// A cloud entry given as a URL, as the accounts file spells a cloud; null after a problem.
nlohmann::json cloud_from_url(const std::string& url, std::string_view source, const std::string& at,
                              std::vector<std::string>& problems) {
  auto parsed = mock::parse_cloudinary_url(url);
  if (!parsed || parsed->api_key.empty() || parsed->api_secret.empty()) {
    // Only the scheme is repeated: the rest of the string may be a secret.
    const std::string scheme = url.substr(0, std::min<std::size_t>(url.find(':'), 20));
    problems.push_back(std::string(source) + ": " + at +
                       ": expected a cloud object or cloudinary://API_KEY:API_SECRET@CLOUD_NAME, found " +
                       (url.starts_with(kUrlScheme) ? "a cloudinary:// URL without an API key, secret or cloud name"
                                                    : "a string starting with '" + scheme + "'"));
    return nullptr;
  }
  nlohmann::json cloud{
      {"cloud_name", parsed->cloud_name}, {"api_key", parsed->api_key}, {"api_secret", parsed->api_secret}};
  if (auto algorithm = parsed->params.find("signature_algorithm"); algorithm != parsed->params.end())
    cloud["signature_algorithm"] = algorithm->second;
  return cloud;
}

void expand_clouds(nlohmann::json& clouds, std::string_view source, const std::string& at,
                   std::vector<std::string>& problems) {
  if (!clouds.is_array()) return;  // parse_accounts names it
  for (std::size_t i = 0; i < clouds.size(); ++i) {
    if (clouds[i].is_string())
      clouds[i] = cloud_from_url(clouds[i].get<std::string>(), source, at + "/" + std::to_string(i), problems);
  }
}

}  // namespace

std::string live_accounts_source(const std::string& option, const char* variable) {
  if (!option.empty()) return option;
  return variable == nullptr ? "" : std::string(variable);
}

std::string live_source_problem(std::string_view value) {
  if (value.find("://") != std::string_view::npos) {
    return "expects the path of an accounts file, not a URL: a cloudinary:// URL on the command line is a secret "
           "in the shell's history and in `ps`; put it in a file (\"clouds\": [\"cloudinary://…\"]) and give its path";
  }
  return "";
}

nlohmann::json expand_live_accounts(const nlohmann::json& doc, std::string_view source,
                                    std::vector<std::string>& problems) {
  if (!doc.is_object()) return doc;
  nlohmann::json out = doc;
  if (!out.contains("accounts") && out.contains("clouds")) {
    nlohmann::json account{{"id", "live"}, {"provisioning_key", ""}, {"provisioning_secret", ""}};
    account["clouds"] = out["clouds"];
    expand_clouds(account["clouds"], source, "/clouds", problems);
    out.erase("clouds");
    out["accounts"] = nlohmann::json::array({std::move(account)});
    return out;
  }
  if (out.contains("accounts") && out["accounts"].is_array()) {
    auto& accounts = out["accounts"];
    for (std::size_t i = 0; i < accounts.size(); ++i) {
      if (accounts[i].is_object() && accounts[i].contains("clouds"))
        expand_clouds(accounts[i]["clouds"], source, "/accounts/" + std::to_string(i) + "/clouds", problems);
    }
  }
  return out;
}

mock::Accounts load_live_accounts(const std::filesystem::path& path) {
  const std::string name = path.string();
  mock::FileText file = mock::read_file_text(path);
  if (!file.error.empty()) throw mock::AccountsError({name + ": cannot read the live accounts file: " + file.error});
  mock::ParsedJson parsed = mock::parse_json_text(file.text, mock::DuplicateKeys::kRefuse);
  if (!parsed.error.empty()) throw mock::AccountsError({name + ": " + parsed.error});
  std::vector<std::string> problems;
  nlohmann::json doc = expand_live_accounts(parsed.doc, name, problems);
  if (!problems.empty()) throw mock::AccountsError(problems);
  mock::Accounts accounts = mock::parse_accounts(doc, name);
  // The scenarios' primary cloud is the first account's first.
  if (accounts.accounts.front().clouds.empty())
    throw mock::AccountsError({name + ": /accounts/0/clouds: expected at least one cloud (the scenarios' primary), "
                                      "found none"});
  return accounts;
}

}  // namespace cldcert::live
