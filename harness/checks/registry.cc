#include "harness/checks/registry.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/checks/account_checks.h"
#include "harness/checks/delivery_checks.h"
#include "harness/checks/lifecycle_checks.h"
#include "harness/checks/docs_checks.h"
#include "harness/checks/rate_limit_checks.h"
#include "harness/checks/secret_scan_checks.h"
#include "harness/checks/secret_traffic_check.h"
#include "harness/checks/sync_checks.h"
#include "harness/checks/transformation_checks.h"
#include "harness/checks/upload_checks.h"
#include "harness/checks/user_agent_checks.h"
#include "harness/checks/widget_checks.h"
#include "harness/embedded_data.h"

namespace cldcert {
namespace {

// The code half of the registry; the catalog JSON is the data half.
const std::map<std::string, CheckFunction, std::less<>>& functions() {
  static const std::map<std::string, CheckFunction, std::less<>> kFunctions = {
      {"ua.format", &check_ua_format},
      {"ua.sdk", &check_ua_sdk},
      {"secret.traffic", &check_secret_traffic},
      {"delivery.host", &check_delivery_host},
      {"delivery.signed_restricted", &check_delivery_signed_restricted},
      {"transformation.optimized", &check_transformation_optimized},
      {"accounts.isolation", &check_accounts_isolation},
      {"accounts.logout", &check_accounts_logout},
      {"accounts.restricted_key", &check_accounts_restricted_key},
      {"integration.disabled", &check_integration_disabled},
      {"ua.consistent", &check_ua_consistent},
      {"upload.media_types", &check_upload_media_types},
      {"delivery.fetch", &check_delivery_fetch},
      {"sync.delete", &check_sync_delete},
      {"upload.presets", &check_upload_presets},
      {"upload.breakpoints", &check_upload_breakpoints},
      {"upload.chunked", &check_upload_chunked},
      {"upload.integrity", &check_upload_integrity},
      {"transformation.valid", &check_transformation_valid},
      {"transformation.chained", &check_transformation_chained},
      {"transformation.named", &check_transformation_named},
      {"ratelimit.backoff", &check_ratelimit_backoff},
      {"lifecycle.actions", &check_lifecycle_actions},
      {"uninstall.clean", &check_uninstall_clean},
      {"uninstall.untouched", &check_uninstall_untouched},
      {"update.keeps_settings", &check_update_keeps_settings},
      {"widget.integration_param", &check_widget_integration_param},
      {"widget.upload_widget", &check_widget_upload_widget},
      {"widget.media_library_sso", &check_widget_media_library_sso},
      {"widget.product_gallery", &check_widget_product_gallery},
      {"widget.video_player", &check_widget_video_player},
      {"secret.client_side", &check_secret_client_side},
      {"secret.source", &check_secret_source},
      {"secret.history", &check_secret_history},
      {"secret.artifact", &check_secret_artifact},
      {"secret.logs", &check_secret_logs},
      {"docs.install", &check_docs_install},
      {"docs.known_issues", &check_docs_known_issues},
      {"docs.contact", &check_docs_contact},
      {"docs.license", &check_docs_license},
      {"docs.contributing", &check_docs_contributing},
      {"docs.changelog", &check_docs_changelog},
      {"docs.version", &check_docs_version},
  };
  return kFunctions;
}

std::vector<CheckDefinition> load_catalog() {
  auto text = embedded_file("harness/checks/catalog.json");
  if (!text) throw std::logic_error("harness/checks/catalog.json is not embedded");
  auto catalog = nlohmann::json::parse(*text);
  std::vector<CheckDefinition> out;
  for (const auto& c : catalog.at("checks")) {
    CheckDefinition d{c.at("id"), c.at("item"), c.at("level"), c.at("title"), nullptr};
    auto fn = functions().find(d.id);
    if (fn == functions().end()) throw std::logic_error("check " + d.id + " is in the catalog but has no function");
    d.run = fn->second;
    for (const auto& item : c.value("also", nlohmann::json::array())) d.also.push_back(item.get<std::string>());
    out.push_back(std::move(d));
  }
  for (const auto& [id, fn] : functions()) {
    bool listed = false;
    for (const auto& d : out) listed = listed || d.id == id;
    if (!listed) throw std::logic_error("check " + id + " has a function but is not in catalog.json");
  }
  return out;
}

}  // namespace

bool CheckDefinition::serves(std::string_view checklist_item) const {
  return item == checklist_item || std::find(also.begin(), also.end(), checklist_item) != also.end();
}

const std::vector<CheckDefinition>& all_checks() {
  static const std::vector<CheckDefinition> kChecks = load_catalog();
  return kChecks;
}

const CheckDefinition* find_check(std::string_view id) {
  for (const auto& c : all_checks()) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

CheckResult run_check(const CheckDefinition& check, const CheckInput& input) {
  CheckResult result;
  try {
    result = check.run(input);
  } catch (const std::exception& e) {
    result = CheckResult{};
    result.verdict = Verdict::kError;
    result.message = std::string("the check itself failed: ") + e.what();
  } catch (...) {
    result = CheckResult{};
    result.verdict = Verdict::kError;
    result.message = "the check itself failed: it threw something that is not a std::exception";
  }
  result.id = check.id;
  result.level = check.level;
  if (result.verdict == Verdict::kFail && check.level == "recommended") result.verdict = Verdict::kWarn;
  return result;
}

}  // namespace cldcert
