#include "harness/checks/accounts_checks.h"

#include <map>
#include <string>
#include <vector>

#include "harness/checks/refusal.h"
#include "mocks/redactor.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

std::vector<const mock::JournalEntry*> entries_of(const CheckInput& input, const StepRecord& step) {
  return step_requests(step, input.journal);
}

bool resets_credentials(const StepRecord& step) { return step.action == "login" || step.action == "switch"; }

// Whose key this is, in words: "the API key of cloud 'b'" or "API key 123, of none of the run's clouds".
std::string key_owner(const mock::Accounts& accounts, const std::string& api_key) {
  if (const mock::Cloud* c = accounts.find_cloud_by_api_key(api_key))
    return "the API key of cloud '" + c->cloud_name + "'";
  for (const auto& account : accounts.accounts) {
    if (account.provisioning_key == api_key) return "the provisioning key of account '" + account.id + "'";
  }
  return "API key " + api_key + ", of none of the run's clouds";
}

// What is wrong with request `e` of a step meaning `cloud_name`: "" when nothing. A Provisioning API
// request is account-level: its key must be the provisioning key of the account of that cloud.
std::string misuse(const CheckInput& input, const mock::JournalEntry& e, const std::string& cloud_name) {
  const mock::Cloud* cloud = input.accounts.find_cloud(cloud_name);
  std::vector<std::string> wrong;
  if (e.api == "provisioning") {
    const mock::Account* account = cloud ? input.accounts.find_account(cloud->account_id) : nullptr;
    if (!e.auth.api_key.empty() && (!account || e.auth.api_key != account->provisioning_key)) {
      wrong.push_back("authenticated with " + key_owner(input.accounts, e.auth.api_key) +
                      ", not the provisioning key of the account of cloud '" + cloud_name + "'");
    }
  } else {
    if (e.cloud != cloud_name) {
      wrong.push_back("sent to cloud '" + (e.cloud.empty() ? std::string("(unknown)") : e.cloud) + "', not '" +
                      cloud_name + "'");
    }
    if (!e.auth.api_key.empty() && (!cloud || e.auth.api_key != cloud->api_key)) {
      wrong.push_back("authenticated with " + key_owner(input.accounts, e.auth.api_key) + ", not that of cloud '" +
                      cloud_name + "'");
    }
  }
  return wrong.empty() ? std::string() : wrong[0] + (wrong.size() > 1 ? " and " + wrong[1] : "");
}

std::string credential_of(const mock::JournalEntry& e) {
  if (e.auth.method == "none" || e.auth.method.empty()) return "no credential";
  return e.auth.method + (e.auth.api_key.empty() ? "" : " auth with API key " + e.auth.api_key);
}

}  // namespace

CheckResult check_accounts_isolation(const CheckInput& input) {
  Findings f("every API request of a step sent to the step's cloud, authenticated with that cloud's API key");
  std::size_t total = 0;
  std::map<std::size_t, std::vector<const StepRecord*>> groups;  // by the group's first step
  for (const auto& step : input.steps) {
    if (step.concurrent_group) {
      groups[*step.concurrent_group].push_back(&step);
      continue;
    }
    for (const auto* e : entries_of(input, step)) {
      if (!is_api_request(*e)) continue;
      ++total;
      std::string why = misuse(input, *e, step.cloud);
      if (why.empty()) continue;
      f.add(step_ref(step) + " (cloud '" + step.cloud + "') " + describe_request(*e) + ": " + why,
            request_in_step(*e, step, why));
    }
  }
  // Steps that ran at once share their requests: each request must fit one of them (its cloud, with
  // that cloud's own key), and each step that succeeded must have reached its own cloud.
  for (const auto& [first, members] : groups) {
    std::map<std::string, std::size_t> reached;  // requests per cloud that fit a member
    for (const auto* e : entries_of(input, *members.front())) {
      if (!is_api_request(*e)) continue;
      ++total;
      std::string why;
      const StepRecord* owner = members.front();
      for (const auto* member : members) {
        std::string against = misuse(input, *e, member->cloud);
        if (against.empty()) {
          why.clear();
          owner = member;
          break;
        }
        if (why.empty() || member->cloud == e->cloud) {
          why = against;
          owner = member;
        }
      }
      if (why.empty()) {
        ++reached[owner->cloud];
        continue;
      }
      f.add(step_ref(*owner) + " (cloud '" + owner->cloud + "', run at once with " +
                std::to_string(members.size() - 1) + " other step(s)) " + describe_request(*e) + ": " + why,
            request_in_step(*e, *owner, why));
    }
    for (const auto* member : members) {
      if (member->exit_code != 0) continue;
      ++total;  // judged as a step too: did it reach its own cloud?
      if (reached[member->cloud] > 0) continue;
      std::string why = "it succeeded, yet no request of the steps run at once with it reached cloud '" +
                        member->cloud + "' with its key";
      f.add(step_ref(*member) + " (cloud '" + member->cloud + "'): " + why, step_evidence(*member, why));
    }
  }
  if (total == 0) return skipped_check("no Cloudinary API request was made in this scenario");
  return f.conclude(
      total, groups.empty() ? "API request(s)" : "API request(s) and step(s) run at once",
      "each to the cloud selected at that step with its own key", "used another cloud or another cloud's credentials",
      "On login and switch, replace the whole configuration (cloud name, API key and secret, e.g. the new "
      "CLOUDINARY_URL) and rebuild the SDK client from it; never keep a client or key of the previous cloud. Work "
      "on an asset with the credentials of the account it belongs to, passed with each call rather than set once "
      "for the whole process (cloudinary.config()), so that two accounts in use at once never mix.");
}

CheckResult check_accounts_logout(const CheckInput& input) {
  Findings f("no Cloudinary API request after logout until the next login or switch");
  bool logged_out = false, any_logout = false;
  std::size_t window_steps = 0;
  for (const auto& step : input.steps) {
    if (resets_credentials(step)) {
      logged_out = false;
      continue;
    }
    if (logged_out) {
      ++window_steps;
      for (const auto* e : entries_of(input, step)) {
        if (!is_api_request(*e)) continue;
        std::string why = "sent after logout with " + credential_of(*e) + " (HTTP " + std::to_string(e->status) + ")";
        f.add(step_ref(step) + " " + describe_request(*e) + ": " + why, request_in_step(*e, step, why));
      }
    }
    if (step.action == "logout") logged_out = any_logout = true;
  }
  if (!any_logout) return skipped_check("no logout step ran in this scenario");
  if (f.bad() == 0) {
    return f.pass(std::to_string(window_steps) + " step(s) after logout, none sent a request to Cloudinary");
  }
  return f.fail(std::to_string(f.bad()) + " API request(s) were sent after logout: " + f.seen(),
                "On logout, delete the stored credentials (key, secret, CLOUDINARY_URL) and any SDK client built from "
                "them; media actions must then refuse with 'not logged in' before contacting Cloudinary.");
}

CheckResult check_accounts_restricted_key(const CheckInput& input) {
  Findings f(
      "a step refused for a read-only key exits non-zero with a message on stderr (no stack trace), "
      "after Cloudinary answered 403");
  std::size_t judged = 0;
  bool logged_out = false;
  for (const auto& step : input.steps) {
    if (resets_credentials(step)) logged_out = false;
    if (step.action == "logout") logged_out = true;
    const mock::Cloud* cloud = input.accounts.find_cloud(step.cloud);
    if (!step.expect.wants_refusal() || logged_out || !cloud || mock::role_can_write(cloud->role)) continue;
    ++judged;
    std::vector<std::string> problems;
    if (step.exit_code == 0 && !step.timed_out) problems.push_back("exited 0, as if the refusal had not happened");
    for (auto& problem : refusal_message_problems(step)) problems.push_back(std::move(problem));
    bool refused = false;
    for (const auto* e : entries_of(input, step)) refused = refused || e->status == 403;
    if (!refused) problems.push_back("Cloudinary never answered 403 during it (no write was attempted with the key)");
    if (problems.empty()) continue;
    std::string why;
    for (const auto& p : problems) why += (why.empty() ? "" : "; ") + p;
    f.add(
        step_ref(step) + " (read-only cloud '" + step.cloud + "', exit " + std::to_string(step.exit_code) + "): " + why,
        step_evidence(step, why + "; stderr: " + stderr_excerpt(step)));
    for (const auto* e : entries_of(input, step)) {
      if (is_api_request(*e)) f.also(request_in_step(*e, step, "HTTP " + std::to_string(e->status)));
    }
  }
  if (judged == 0) return skipped_check("no step was expected to fail with a read-only key in this scenario");
  if (f.bad() == 0)
    return f.pass(std::to_string(judged) + " step(s) refused for a read-only key, each reported cleanly");
  return f.fail(std::to_string(f.bad()) + " of " + std::to_string(judged) +
                    " step(s) with a read-only key did not surface the refusal cleanly: " + f.seen(),
                "Catch the SDK's error, and on 401/403 tell the user which permission is missing (one line on stderr, "
                "non-zero exit, or an admin notice) instead of letting the exception escape or ignoring it.");
}

CheckResult check_accounts_sub_account(const CheckInput& input) {
  Findings f(
      "the sub-accounts listed through the Provisioning API with the account's provisioning key (Basic auth, no "
      "secret in a URL); from picking one to the switch back, every request to that sub-account's cloud with its own "
      "key; after the switch back, the switched-to cloud's");
  bool any = false, picked = false;
  std::size_t total = 0;
  for (const auto& step : input.steps) {
    if (step.action == "sub_accounts" || step.action == "switch_sub_account") any = true;
    if (step.action == "logout") any = false;  // what follows a logout is accounts.logout's
    if (!any || step.concurrent_group) continue;
    picked = picked || step.action == "switch_sub_account";
    bool listed = false;
    for (const auto* e : entries_of(input, step)) {
      if (!is_api_request(*e)) continue;
      ++total;
      std::vector<std::string> wrong;
      if (std::string why = misuse(input, *e, step.cloud); !why.empty()) wrong.push_back(std::move(why));
      if (e->api == "provisioning" && e->auth.api_key.empty())
        wrong.push_back("sent without Basic auth with the account's provisioning key");
      if (mock::redacted_secret_at(e->path + "?" + e->query) != std::string::npos)
        wrong.push_back("carries a secret in its URL");
      listed = listed || (e->api == "provisioning" && e->action == "sub_accounts.list" && e->status == 200);
      if (wrong.empty()) continue;
      std::string why = text::join(wrong, " and ");
      f.add(step_ref(step) + " (cloud '" + step.cloud + "') " + describe_request(*e) + ": " + why,
            request_in_step(*e, step, why));
    }
    if (step.action != "sub_accounts" || step.exit_code != 0) continue;
    ++total;  // the listing, judged as a step too: did it come from the Provisioning API, and show them all?
    const mock::Cloud* cloud = input.accounts.find_cloud(step.cloud);
    const mock::Account* account = cloud ? input.accounts.find_account(cloud->account_id) : nullptr;
    std::vector<std::string> missing;
    const nlohmann::json printed = step.last_json.is_object() && step.last_json.contains("sub_accounts")
                                       ? step.last_json["sub_accounts"]
                                       : nlohmann::json::array();
    for (const auto& sub : account ? account->clouds : std::vector<mock::Cloud>{}) {
      bool shown = false;
      for (const auto& item : printed.is_array() ? printed : nlohmann::json::array())
        shown = shown || (item.is_object() && item.contains("id") && item["id"] == sub.id);
      if (!shown) missing.push_back("'" + sub.cloud_name + "' (id " + sub.id + ")");
    }
    std::string why;
    if (!listed) why = "it exited 0, yet no listing of sub-accounts through the Provisioning API succeeded during it";
    if (!missing.empty())
      why += (why.empty() ? "its " : "; its ") + std::string("printed sub_accounts lack ") + text::join(missing, ", ");
    if (!why.empty()) f.add(step_ref(step) + " (cloud '" + step.cloud + "'): " + why, step_evidence(step, why));
  }
  if (!picked) return skipped_check("no sub-account was picked (switch_sub_account) in this scenario");
  return f.conclude(
      total, "API request(s) and listing(s)",
      "each with the credentials of the sub-account or account it was meant for",
      "used another cloud's or account's credentials, or listed no sub-accounts from the Provisioning API",
      "List sub-accounts with the account-level provisioning key and secret (CLOUDINARY_ACCOUNT_URL; HTTP Basic, "
      "as the SDK's provisioning.account.sub_accounts sends them). On picking one, fetch its cloud name and access "
      "keys (provisioning.account.access_keys) and rebuild the SDK client from them, replacing the previous cloud's "
      "configuration entirely; on switching back, rebuild it again from that cloud's credentials.");
}

}  // namespace cldcert
