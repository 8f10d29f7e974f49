#include "harness/run_report_test_support.h"

#include "harness/checks/registry.h"

namespace cldcert::report_test {

Manifest test_manifest() {
  Manifest m;
  m.path = "/work/acme/cldcert.json";
  m.dir = "/work/acme";
  m.integration_type = "acme_cms_plugin";
  m.integration_name = "ACME CMS Cloudinary connector";
  m.integration_version = "1.4.0";
  m.platform_name = "AcmeCMS";
  m.platform_version = "6.2.1";
  m.environment = "stag";
  m.capabilities = {"upload", "large_files"};
  m.digest = std::string(64, 'a');
  return m;
}

Scenario scenario(const std::string& id, std::vector<std::string> checklist, std::vector<std::string> checks) {
  Scenario s;
  s.id = id;
  s.title = "Scenario " + id;
  s.checklist = std::move(checklist);
  s.checks = std::move(checks);
  s.source = "embedded:scenarios/" + id + ".scenario.json";
  s.digest = std::string(64, 'b');
  return s;
}

CheckResult check(const std::string& id, Verdict verdict, const std::string& message) {
  CheckResult r;
  r.id = id;
  r.level = find_check(id) ? find_check(id)->level : "required";
  r.verdict = verdict;
  r.message = message.empty() ? id + " said " + std::string(verdict_name(verdict)) : message;
  return r;
}

ScenarioOutcome outcome(const Scenario& s, Verdict verdict, std::vector<CheckResult> checks) {
  ScenarioOutcome o;
  o.scenario = &s;
  o.verdict = verdict;
  o.checks = std::move(checks);
  o.duration_ms = 1500;
  return o;
}

ScenarioOutcome not_applicable(const Scenario& s, const std::string& reason) {
  ScenarioOutcome o;
  o.scenario = &s;
  o.applicable = false;
  o.reason = reason;
  o.verdict = Verdict::kSkip;
  return o;
}

RunMetadata metadata() {
  RunMetadata meta;
  meta.seed = 42;
  meta.run_id = "run-1";
  meta.started_at = "2024-05-01T12:00:00.000Z";
  meta.finished_at = "2024-05-01T12:00:03.000Z";
  meta.duration_ms = 3000;
  meta.only = {"upload-basics"};
  return meta;
}

}  // namespace cldcert::report_test
