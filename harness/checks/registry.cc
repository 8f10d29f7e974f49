#include "harness/checks/registry.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/checks/accounts_checks.h"
#include "harness/checks/delivery_checks.h"
#include "harness/checks/docs_checks.h"
#include "harness/checks/integration_checks.h"
#include "harness/checks/lifecycle_checks.h"
#include "harness/checks/limits_checks.h"
#include "harness/checks/network_checks.h"
#include "harness/checks/quality_checks.h"
#include "harness/checks/ratelimit_checks.h"
#include "harness/checks/secret_checks.h"
#include "harness/checks/secret_traffic_check.h"
#include "harness/checks/sync_checks.h"
#include "harness/checks/transformation_checks.h"
#include "harness/checks/ua_checks.h"
#include "harness/checks/uninstall_checks.h"
#include "harness/checks/update_checks.h"
#include "harness/checks/upload_checks.h"
#include "harness/checks/widget_checks.h"
#include "harness/embedded_data.h"

namespace cldcert {
namespace {

// A row found by id, with the file its group names.
struct Registered {
  const CheckRow* row = nullptr;
  std::string_view file;
};

std::map<std::string_view, Registered, std::less<>> registered_by_id() {
  std::map<std::string_view, Registered, std::less<>> out;
  for (const auto& file : check_files()) {
    for (const auto& row : file.checks) {
      if (!out.emplace(row.id, Registered{&row, file.file}).second) {
        throw std::logic_error("check " + std::string(row.id) + " is registered twice");
      }
    }
  }
  return out;
}

std::vector<CheckDefinition> load_catalog() {
  auto text = embedded_file("harness/checks/catalog.json");
  if (!text) throw std::logic_error("harness/checks/catalog.json is not embedded");
  auto catalog = nlohmann::json::parse(*text);
  const auto registered = registered_by_id();
  std::vector<CheckDefinition> out;
  for (const auto& c : catalog.at("checks")) {
    CheckDefinition d{c.at("id"), c.at("item"), c.at("level"), c.at("title"), nullptr};
    auto found = registered.find(d.id);
    if (found == registered.end()) throw std::logic_error("check " + d.id + " is in the catalog but has no function");
    const CheckRow& row = *found->second.row;
    if (row.item != d.item) {
      throw std::logic_error("check " + d.id + " judges " + d.item + " in catalog.json but " + std::string(row.item) +
                             " in the registry");
    }
    if (!follows_file_rule(d.id, found->second.file)) {
      throw std::logic_error("check " + d.id + " is registered under " + std::string(found->second.file) +
                             ", not the file its id names");
    }
    d.run = row.run;
    for (const auto& item : c.value("also", nlohmann::json::array())) d.also.push_back(item.get<std::string>());
    for (const auto& action : c.value("needs", nlohmann::json::array())) d.needs.push_back(action.get<std::string>());
    d.judged_on_what_ran = c.value("judged_on_what_ran", false);
    for (const auto& status : c.value("judged_wherever_answered", nlohmann::json::array()))
      d.judged_wherever_answered.push_back(status.get<int>());
    out.push_back(std::move(d));
  }
  for (const auto& [id, where] : registered) {
    bool listed = false;
    for (const auto& d : out) listed = listed || d.id == id;
    if (!listed) throw std::logic_error("check " + std::string(id) + " has a function but is not in catalog.json");
  }
  return out;
}

}  // namespace

// The code half of the registry (catalog.json is the data half), by file: family → checks → item.
const std::vector<CheckFile>& check_files() {
  static const std::vector<CheckFile> kFiles = {
      {"ua_checks.cc",
       {{"ua.format", "T2", &check_ua_format},
        {"ua.sdk", "P3", &check_ua_sdk},
        {"ua.consistent", "T2", &check_ua_consistent},
        {"ua.version", "P4", &check_ua_version}}},
      {"secret_traffic_check.cc", {{"secret.traffic", "T1", &check_secret_traffic}}},
      {"network_checks.cc",
       {{"network.egress", "T1", &check_network_egress}, {"network.tls_verified", "T1", &check_network_tls_verified}}},
      {"quality_checks.cc", {{"quality.evidence", "P2", &check_quality_evidence}}},
      {"secret_checks.cc",
       {{"secret.source", "T1", &check_secret_source},
        {"secret.history", "T1", &check_secret_history},
        {"secret.artifact", "T1", &check_secret_artifact},
        {"secret.logs", "T1", &check_secret_logs},
        {"secret.client_side", "T1", &check_secret_client_side}}},
      {"delivery_checks.cc",
       {{"delivery.host", "R1", &check_delivery_host},
        {"delivery.signed_restricted", "R3", &check_delivery_signed_restricted},
        {"delivery.fetch", "R4", &check_delivery_fetch}}},
      {"transformation_checks.cc",
       {{"transformation.optimized", "P6", &check_transformation_optimized},
        {"transformation.valid", "R9", &check_transformation_valid},
        {"transformation.chained", "R10", &check_transformation_chained},
        {"transformation.named", "R11", &check_transformation_named}}},
      {"accounts_checks.cc",
       {{"accounts.isolation", "B5", &check_accounts_isolation},
        {"accounts.logout", "B5", &check_accounts_logout},
        {"accounts.restricted_key", "B5", &check_accounts_restricted_key},
        {"accounts.sub_account", "B5", &check_accounts_sub_account}}},
      {"integration_checks.cc", {{"integration.disabled", "R17", &check_integration_disabled}}},
      {"upload_checks.cc",
       {{"upload.media_types", "R2", &check_upload_media_types},
        {"upload.presets", "R6", &check_upload_presets},
        {"upload.breakpoints", "R7", &check_upload_breakpoints},
        {"upload.chunked", "R8", &check_upload_chunked},
        {"upload.integrity", "R8", &check_upload_integrity}}},
      {"sync_checks.cc", {{"sync.delete", "R5", &check_sync_delete}}},
      {"ratelimit_checks.cc", {{"ratelimit.backoff", "R19", &check_ratelimit_backoff}}},
      {"limits_checks.cc",
       {{"limits.upload_size", "R18", &check_limits_upload_size},
        {"limits.file_types", "R18", &check_limits_file_types},
        {"limits.listed", "R18", &check_limits_listed},
        {"limits.parallel_uploads", "R18", &check_limits_parallel_uploads},
        {"limits.queue_size", "R18", &check_limits_queue_size}}},
      {"lifecycle_checks.cc", {{"lifecycle.actions", "B1", &check_lifecycle_actions}}},
      {"uninstall_checks.cc",
       {{"uninstall.clean", "B4", &check_uninstall_clean}, {"uninstall.untouched", "B4", &check_uninstall_untouched}}},
      {"update_checks.cc", {{"update.keeps_settings", "B1", &check_update_keeps_settings}}},
      {"widget_checks.cc",
       {{"widget.integration_param", "T3", &check_widget_integration_param},
        {"widget.media_library", "R15", &check_widget_media_library},
        {"widget.media_library_sso", "R15", &check_widget_media_library_sso},
        {"widget.media_library_insert", "R15", &check_widget_media_library_insert},
        {"widget.upload_widget", "R14", &check_widget_upload_widget},
        {"widget.upload_widget_success", "R14", &check_widget_upload_widget_success},
        {"widget.product_gallery", "R13", &check_widget_product_gallery},
        {"widget.video_player", "R12", &check_widget_video_player}}},
      {"docs_checks.cc",
       {{"docs.install", "B2", &check_docs_install},
        {"docs.known_issues", "B3", &check_docs_known_issues},
        {"docs.contact", "B6", &check_docs_contact},
        {"docs.license", "P1", &check_docs_license},
        {"docs.contributing", "P1", &check_docs_contributing},
        {"docs.changelog", "P5", &check_docs_changelog},
        {"docs.version", "P4", &check_docs_version}}},
  };
  return kFiles;
}

bool follows_file_rule(std::string_view id, std::string_view file) {
  const std::size_t dot = id.find('.');
  if (dot == std::string_view::npos) return false;
  std::string family(id.substr(0, dot)), own(id);
  own[dot] = '_';
  return file == family + "_checks.cc" || file == own + "_check.cc";
}

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
  const auto started = std::chrono::steady_clock::now();
  // Every finding says what to do, a check that broke included: the fault is cldcert's.
  auto broke = [](std::string what) {
    CheckResult broken;
    broken.verdict = Verdict::kError;
    broken.message = "the check itself failed: " + std::move(what);
    broken.hint =
        "This is a fault in cldcert, not in the integration: report it to cldcert's maintainers with the bundle "
        "(report.json, logs/).";
    return broken;
  };
  CheckResult result;
  try {
    result = check.run(input);
  } catch (const std::exception& e) { result = broke(e.what()); } catch (...) {
    result = broke("it threw something that is not a std::exception");
  }
  result.id = check.id;
  result.level = check.level;
  if (result.verdict == Verdict::kFail && check.level == "recommended") result.verdict = Verdict::kWarn;
  result.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace cldcert
