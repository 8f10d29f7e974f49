// The bundle's machine-readable writers (report.json, junit.xml, results.sarif) on one fixed run,
// against approved files in tests/golden/: any change to an output format is a visible diff in
// review. Regenerate with CLDCERT_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "harness/checks/registry.h"
#include "harness/junit_report.h"
#include "harness/run_report.h"
#include "harness/sarif_report.h"
#include "harness/version.h"
#include "harness/waivers.h"
#include "mocks/har_export.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;

std::string normalised(std::string text) {
  // The version changes with every release; the golden files should not.
  for (std::size_t at; (at = text.find(kVersion)) != std::string::npos;)
    text.replace(at, std::string(kVersion).size(), "VERSION");
  return text;
}

void expect_golden(const std::string& name, const std::string& actual) {
  fs::path file = fs::path(CLDCERT_SOURCE_DIR) / "tests" / "golden" / name;
  if (std::getenv("CLDCERT_UPDATE_GOLDEN")) {
    std::ofstream(file, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(file, std::ios::binary);
  ASSERT_TRUE(in) << file << " is missing; run with CLDCERT_UPDATE_GOLDEN=1 and review it";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << name
                                    << " differs from the approved file; if the change is intended, "
                                       "regenerate with CLDCERT_UPDATE_GOLDEN=1 and review the diff";
}

// One run with every verdict kind: pass, fail (with request, step and file evidence), warn,
// skip, error, waived, a scenario not applicable and one skipped by --skip-large.
struct FixedRun {
  Manifest manifest;
  std::vector<Scenario> scenarios{6};
  std::vector<ScenarioOutcome> outcomes{6};
  RunMetadata meta;

  FixedRun() {
    manifest.integration_type = "cldcert_reference";
    manifest.integration_name = "cldcert reference integration";
    manifest.integration_version = "1.2.0";
    manifest.platform_name = "Refplat";
    manifest.platform_version = "3.4.1";
    manifest.environment = "dev";
    manifest.capabilities = {"upload"};
    // The manifest's text, which the actions' lines are read from (report.json names only its file name).
    manifest.path = "/golden/cldcert.json";
    manifest.text = "{\n  \"actions\": {\n    \"install\": {},\n    \"upload\": {}\n  }\n}\n";
    manifest.digest = "d1";
    const char* ids[] = {"basics", "delivery", "docs", "large-files", "rate-limits", "widgets"};
    for (int i = 0; i < 6; ++i) {
      scenarios[i].id = ids[i];
      scenarios[i].title = std::string("Scenario ") + ids[i];
      scenarios[i].source = std::string("embedded:scenarios/") + ids[i] + ".scenario.json";
      scenarios[i].digest = "s" + std::to_string(i);
      outcomes[i].scenario = &scenarios[i];
      outcomes[i].duration_ms = 100.0 * (i + 1);
    }
    // When each scenario that ran started (junit.xml's timestamp), and how long each check took to judge.
    for (int i : {0, 1, 4, 5}) outcomes[i].started_at = "2026-11-28T00:00:0" + std::to_string(i) + ".250Z";
    scenarios[0].checklist = {"T1", "T2", "P3"};
    outcomes[0].checks = {result("ua.format", Verdict::kPass, "2 API request(s), all fine"),
                          result("ua.sdk", Verdict::kWarn, "not through an SDK"),
                          result("secret.traffic", Verdict::kFail, "the API secret was sent")};
    outcomes[0].checks[2].evidence = {
        {"request", "journal:3", "POST /v1_1/demo/image/upload at 2026-11-28T00:00:00.000Z"},
        {"file", "src/config.js:12:5", "known secret"}};
    outcomes[0].checks[2].expected = "no secret";
    outcomes[0].checks[2].seen = "api_secret=[REDACTED]";
    outcomes[0].checks[2].hint = "sign server-side";
    outcomes[0].verdict = Verdict::kFail;
    StepRecord step;
    step.action = "upload";
    step.cloud = "demo";
    step.exit_code = 0;
    step.duration_ms = 40;
    step.last_journal_id = 3;  // the upload sent requests 1 to 3
    // What an action sent: the SARIF result is on that action's line of the manifest.
    outcomes[0].checks[1].evidence = {
        {"request", "journal:2", "POST /v1_1/demo/image/upload at 2026-11-28T00:00:00.000Z"}};
    step.args = {{"file", "/f/a.png"}};
    step.last_json = {{"public_id", "a"}};
    outcomes[0].steps = {step};
    scenarios[1].checklist = {"R1", "R3"};
    outcomes[1].checks = {
        result("delivery.host", Verdict::kPass, "3 printed URL(s), all from Cloudinary"),
        result("delivery.signed_restricted", Verdict::kWaived, "waived until 2999-01-01 (fix due): unsigned")};
    outcomes[1].verdict = Verdict::kWaived;
    scenarios[2].checklist = {"B2"};
    outcomes[2].applicable = false;
    outcomes[2].verdict = Verdict::kSkip;
    outcomes[2].reason = "the manifest does not declare the capability docs";
    scenarios[3].checklist = {"R8"};
    outcomes[3].verdict = Verdict::kSkip;
    outcomes[3].skipped = "skipped with --skip-large; run without it before submitting";
    scenarios[4].checklist = {"R19"};
    outcomes[4].verdict = Verdict::kError;
    outcomes[4].reason = "step 2 (upload) exited with 2; stderr: boom";
    // As judge_scenario leaves a check whose steps the error took away.
    outcomes[4].checks = {result("ratelimit.backoff", Verdict::kError,
                                 "not judged: it needs the evidence of upload#2, which errored: exited with 2; "
                                 "stderr: boom"),
                          result("secret.traffic", Verdict::kPass, "no secret in the requests before it stopped")};
    scenarios[5].checklist = {"T3"};
    outcomes[5].checks = {result("transformation.optimized", Verdict::kError, "the check itself failed: x")};
    outcomes[5].checks[0].hint = "report it to cldcert's maintainers with the bundle";  // as run_check says it
    outcomes[5].verdict = Verdict::kError;
    double judged_ms = 1.5;
    for (auto& o : outcomes) {
      for (auto& c : o.checks) c.duration_ms = judged_ms++;
    }
    meta.seed = 7;
    meta.run_id = "run-fixed";
    meta.started_at = "2026-11-28T00:00:00.000Z";
    meta.finished_at = "2026-11-28T00:00:01.000Z";
    meta.duration_ms = 1000;
    meta.skip_large = true;
    std::vector<Waiver> waivers{{"delivery.signed_restricted", "delivery", "fix due", "2999-01-01", "applied"}};
    meta.waivers = waivers_json(waivers);
  }
  static CheckResult result(const std::string& id, Verdict verdict, const std::string& message) {
    CheckResult r;
    r.id = id;
    r.level = find_check(id)->level;
    r.verdict = verdict;
    r.message = message;
    return r;
  }
};

TEST(BundleWritersGolden, ReportJsonJunitAndSarif) {
  FixedRun run;
  nlohmann::json report = build_report(run.manifest, run.outcomes, run.meta);
  expect_golden("report.json", normalised(report.dump(2)) + "\n");
  expect_golden("junit.xml", normalised(junit_xml(report)));
  expect_golden("results.sarif", normalised(report_sarif(report).dump(1)) + "\n");
}

// The HAR of a fixed journal: a signed upload that leaked its secret in a field, a chunk, a
// delivery and an Admin call with Basic auth.
TEST(BundleWritersGolden, Har) {
  const std::string secret = "FakeSecretFakeSecretFake123";
  std::vector<mock::JournalEntry> journal(3);
  journal[0].id = 1;
  journal[0].started_at = "2026-11-28T00:00:00.000Z";
  journal[0].started_unix_ms = 1'795'824'000'000;
  journal[0].duration_ms = 12;
  journal[0].method = "POST";
  journal[0].path = "/v1_1/demo/image/upload";
  journal[0].headers = {{"Host", "127.0.0.1:9"},
                        {"User-Agent", "CloudinaryRefplat/1.2.0 (Refplat 3.4.1) CloudinaryNodeJS/2.11.0"},
                        {"Content-Type", "multipart/form-data; boundary=b"},
                        {"X-Unique-Upload-Id", "u1"},
                        {"Content-Range", "bytes 0-9/20"}};
  journal[0].api = "upload";
  journal[0].action = "upload";
  journal[0].cloud = "demo";
  journal[0].fields = {mock::text_field("timestamp", "1795824000"), mock::text_field("context", "s=" + secret)};
  journal[0].chunk = mock::ChunkRecord{"u1", 0, 9, 20, 10, false};
  journal[0].status = 200;
  journal[0].response_headers = {{"Content-Type", "application/json"}};
  journal[0].response_body = R"({"done":false,"bytes":10})";
  journal[1] = journal[0];
  journal[1].id = 2;
  journal[1].method = "GET";
  journal[1].path = "/demo/image/upload/f_auto,q_auto/v1/a.png";
  journal[1].headers = {{"Host", "127.0.0.1:9"}};
  journal[1].api = "delivery";
  journal[1].fields.clear();
  journal[1].chunk.reset();
  journal[1].status = 404;
  journal[1].response_body = "";
  journal[2] = journal[1];
  journal[2].id = 3;
  journal[2].path = "/v1_1/demo/resources/image";
  journal[2].headers = {{"Authorization", "Basic " + std::string("ZmFrZTpGYWtlU2VjcmV0")}};
  journal[2].api = "admin";
  journal[2].status = 420;
  mock::HarOptions options{{secret}, "VERSION"};
  std::string har = mock::journal_to_har(journal, options).dump(1) + "\n";
  EXPECT_EQ(har.find(secret), std::string::npos);
  expect_golden("evidence.har", har);
}

}  // namespace
}  // namespace cldcert
