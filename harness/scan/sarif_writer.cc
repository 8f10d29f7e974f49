#include "harness/scan/sarif_writer.h"

#include <cstdio>

#include "harness/file_ref.h"
#include "harness/scan/rule_catalog.h"
#include "harness/version.h"

namespace cldcert::scan {
namespace {

// What a rule's help names when there is no link: the same page, in the source tree or the package.
constexpr std::string_view kRulesDoc = "docs/scan.md#rules";

}  // namespace

std::string path_to_uri(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                std::string_view("-._~/!$&'()*+,;=:@").find(static_cast<char>(c)) != std::string_view::npos;
    if (c == '\\') c = '/';
    if (keep || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", c);
      out += buffer;
    }
  }
  // A first segment with ':' would read as a scheme.
  if (auto colon = out.find(':'); colon != std::string::npos && out.find('/') > colon) out.replace(colon, 1, "%3A");
  return out;
}

std::string project_doc_uri(std::string_view path, std::string_view project_url) {
  if (project_url.empty()) return "";
  return std::string(project_url) + "/blob/v" + kVersion + "/" + std::string(path);
}

nlohmann::json sarif_envelope(nlohmann::json rules, nlohmann::json results, std::string_view project_url) {
  nlohmann::json driver{{"name", "cldcert"}, {"version", kVersion}, {"semanticVersion", kVersion}};
  if (!project_url.empty()) driver["informationUri"] = project_url;
  driver["rules"] = std::move(rules);
  return {{"$schema", kSarifSchema},
          {"version", "2.1.0"},
          {"runs", {{{"tool", {{"driver", std::move(driver)}}}, {"results", std::move(results)}}}}};
}

nlohmann::json sarif_log(const std::vector<Finding>& findings, const std::vector<Unread>& unread) {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& rule : rule_catalog()) {
    nlohmann::json entry{
        {"id", rule.id},
        {"shortDescription", {{"text", rule.description}}},
        {"help", {{"text", std::string(rule.help) + " The rules: " + std::string(kRulesDoc) + " in cldcert."}}},
        {"defaultConfiguration", {{"level", "error"}}},
        {"properties", {{"tags", {"security", "secret"}}}}};
    if (auto uri = project_doc_uri(kRulesDoc); !uri.empty()) entry["helpUri"] = uri;
    rules.push_back(std::move(entry));
  }
  nlohmann::json results = nlohmann::json::array();
  for (const auto& f : findings) {
    const RuleInfo* rule = find_rule(f.rule);
    std::string message = std::string(rule ? rule->description : "A secret.") + " " + f.excerpt;
    if (!f.commit.empty()) message += " (introduced in commit " + f.commit + ")";
    // A member of an archive is located on the archive, the file the repository holds; where in the
    // member is in the message (its line is not the archive's).
    nlohmann::json location{{"artifactLocation", {{"uri", path_to_uri(f.file)}, {"uriBaseId", "%SRCROOT%"}}},
                            {"region", {{"startLine", f.line}, {"startColumn", f.column}}}};
    if (const auto place = repository_ref(f.file); place && !place->member.empty()) {
      location = {{"artifactLocation", {{"uri", path_to_uri(place->path)}, {"uriBaseId", "%SRCROOT%"}}}};
      message += " (in archive member " + place->member + ", line " + std::to_string(f.line) + ", column " +
                 std::to_string(f.column) + ")";
    }
    nlohmann::json result = {{"ruleId", f.rule},
                             {"level", "error"},
                             {"message", {{"text", message}}},
                             {"locations", {{{"physicalLocation", std::move(location)}}}},
                             {"partialFingerprints", {{"secretFingerprint/v1", f.fingerprint}}}};
    if (!f.commit.empty()) result["properties"] = {{"commit", f.commit}};
    results.push_back(std::move(result));
  }
  nlohmann::json log = sarif_envelope(std::move(rules), std::move(results));
  nlohmann::json notifications = nlohmann::json::array();
  for (const auto& u : unread) {
    notifications.push_back(
        {{"level", "error"},
         {"message", {{"text", "not scanned: " + format_unread(u)}}},
         {"locations",
          {{{"physicalLocation",
             {{"artifactLocation", {{"uri", path_to_uri(u.file)}, {"uriBaseId", "%SRCROOT%"}}}}}}}}});
  }
  log["runs"][0]["invocations"] = {
      {{"executionSuccessful", unread.empty()}, {"toolExecutionNotifications", std::move(notifications)}}};
  return log;
}

}  // namespace cldcert::scan
