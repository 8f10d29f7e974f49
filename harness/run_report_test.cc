#include "harness/run_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/embedded_data.h"
#include "harness/run_report_test_support.h"
#include "harness/version.h"

namespace cldcert {
namespace {

using nlohmann::json;
using namespace report_test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

const json& item(const json& checklist, const std::string& id) {
  for (const auto& line : checklist) {
    if (line.at("item") == id) return line;
  }
  throw std::runtime_error("no checklist line " + id);
}

// --- build_report ------------------------------------------------------------------------------

TEST(BuildReport, TopLevelAndIntegration) {
  Scenario s = scenario("upload-basics", {"T1", "T2", "P3"}, {"ua.format"});
  auto report =
      build_report(test_manifest(), {outcome(s, Verdict::kPass, {check("ua.format", Verdict::kPass)})}, metadata());
  EXPECT_EQ(report["schema"], "cldcert/report/v1");
  EXPECT_EQ(report["cldcert"]["version"], kVersion);
  EXPECT_EQ(report["seed"], 42);
  EXPECT_EQ(report["run_id"], "run-1");
  EXPECT_EQ(report["started_at"], "2024-05-01T12:00:00.000Z");
  EXPECT_EQ(report["finished_at"], "2024-05-01T12:00:03.000Z");
  EXPECT_EQ(report["only"], json::array({"upload-basics"}));
  EXPECT_EQ(report["verdict"], "pass");
  const json& i = report["integration"];
  EXPECT_EQ(i["type"], "acme_cms_plugin");
  EXPECT_EQ(i["name"], "ACME CMS Cloudinary connector");
  EXPECT_EQ(i["version"], "1.4.0");
  EXPECT_EQ(i["platform"], "AcmeCMS");
  EXPECT_EQ(i["platform_version"], "6.2.1");
  EXPECT_EQ(i["environment"], "stag");
  EXPECT_EQ(i["capabilities"], json::array({"large_files", "upload"}));
  EXPECT_EQ(i["manifest"], "cldcert.json");  // the file name only: no local paths in a shared report
  EXPECT_EQ(i["manifest_digest"], std::string(64, 'a'));
  ASSERT_TRUE(report["checklist"].is_array());
  EXPECT_EQ(report["checklist"].size(), json::parse(*embedded_file("scenarios/checklist.json"))["items"].size());
}

TEST(BuildReport, TheManifestsActionLinesForSarif) {
  Manifest m = test_manifest();
  m.text = "{\n  \"actions\": {\n    \"install\": {},\n    \"upload\": {}\n  }\n}\n";
  Scenario s = scenario("upload-basics", {"T1"}, {"ua.format"});
  auto report = build_report(m, {outcome(s, Verdict::kPass)}, metadata());
  EXPECT_EQ(report["integration"]["action_lines"], (json{{"install", 3}, {"upload", 4}}));
  // A manifest with no text (one made in code) gives none, and no error.
  EXPECT_FALSE(
      build_report(test_manifest(), {outcome(s, Verdict::kPass)}, metadata())["integration"].contains("action_lines"));
}

TEST(BuildReport, AMockRunSaysNoModeALiveRunNamesItsClouds) {
  Scenario s = scenario("upload-basics", {"T1"}, {"ua.format"});
  const std::vector<ScenarioOutcome> outcomes{outcome(s, Verdict::kPass, {check("ua.format", Verdict::kPass)})};
  auto mock_run = build_report(test_manifest(), outcomes, metadata());
  EXPECT_FALSE(mock_run.contains("mode"));
  EXPECT_FALSE(mock_run.contains("live"));
  RunMetadata meta = metadata();
  meta.live = {{"clouds", {"acme-test"}}, {"requests", 3}, {"left_behind", json::array()}};
  auto live_run = build_report(test_manifest(), outcomes, meta);
  EXPECT_EQ(live_run["mode"], "live");
  EXPECT_EQ(live_run["live"], meta.live);
  EXPECT_EQ(live_run["verdict"], mock_run["verdict"]);
}

TEST(BuildReport, ScenariosStepsAndChecks) {
  Scenario s = scenario("upload-basics", {"T1", "T2", "P3"}, {"ua.format", "ua.sdk"});
  ScenarioOutcome o = outcome(s, Verdict::kFail);
  StepRecord install;
  install.index = 0;
  install.action = "install";
  install.cloud = "acme-prod";
  install.exit_code = 0;
  install.duration_ms = 12.5;
  install.first_journal_id = 0;
  install.last_journal_id = 0;
  StepRecord upload = install;
  upload.index = 1;
  upload.action = "upload";
  upload.first_journal_id = 0;
  upload.last_journal_id = 3;
  upload.last_json = json{{"public_id", "shop/shoe"}};
  upload.error = "exited with 2";
  o.steps = {install, upload};
  CheckResult format = check("ua.format", Verdict::kFail, "1 of 3 API request(s) lack the partner User-Agent");
  format.expected = "CloudinaryAcmeCMS/1.4.0 (AcmeCMS 6.2.1) <SDK>/<version>";
  format.seen = "'CloudinaryNodeJS/2.11.0'";
  format.hint = "Set the user platform";
  format.near_miss = "CloudinaryAcmeCMS/1.4.0 (AcmeCMS 6.2.1) CloudinaryNodeJS/2.11.0";
  format.evidence = {Evidence{"request", "journal:2", "POST /v1_1/acme-prod/image/upload at 12:00:01.000"}};
  o.checks = {format, check("ua.sdk", Verdict::kPass)};
  o.journal.resize(3);

  auto report = build_report(test_manifest(), {o}, metadata());
  EXPECT_EQ(report["verdict"], "fail");
  ASSERT_THAT(report["scenarios"], SizeIs(1));
  const json& sj = report["scenarios"][0];
  EXPECT_EQ(sj["id"], "upload-basics");
  EXPECT_EQ(sj["title"], "Scenario upload-basics");
  EXPECT_EQ(sj["verdict"], "fail");
  EXPECT_EQ(sj["checklist"], json::array({"T1", "T2", "P3"}));
  EXPECT_EQ(sj["level"], "required");
  EXPECT_EQ(sj["source"], "embedded:scenarios/upload-basics.scenario.json");
  EXPECT_EQ(sj["requests"], 3);
  EXPECT_EQ(sj["journal"], "journal/upload-basics.jsonl");
  EXPECT_EQ(sj["duration_ms"], 1500);
  EXPECT_FALSE(sj.contains("reason"));

  ASSERT_THAT(sj["steps"], SizeIs(2));
  EXPECT_EQ(sj["steps"][0]["action"], "install");
  EXPECT_EQ(sj["steps"][0]["exit_code"], 0);
  EXPECT_EQ(sj["steps"][0]["duration_ms"], 12.5);
  EXPECT_EQ(sj["steps"][0]["log"], "logs/upload-basics/1-install.log");
  EXPECT_FALSE(sj["steps"][0].contains("error"));
  EXPECT_FALSE(sj["steps"][0].contains("result"));
  EXPECT_EQ(sj["steps"][1]["log"], "logs/upload-basics/2-upload.log");
  EXPECT_EQ(sj["steps"][1]["journal"], (json{{"after", 0}, {"through", 3}}));
  EXPECT_EQ(sj["steps"][1]["error"], "exited with 2");
  EXPECT_EQ(sj["steps"][1]["result"]["public_id"], "shop/shoe");

  ASSERT_THAT(sj["checks"], SizeIs(2));
  const json& c = sj["checks"][0];
  EXPECT_EQ(c["id"], "ua.format");
  EXPECT_EQ(c["item"], "T2");
  EXPECT_EQ(c["level"], "required");
  EXPECT_EQ(c["verdict"], "fail");
  EXPECT_EQ(c["message"], "1 of 3 API request(s) lack the partner User-Agent");
  EXPECT_EQ(c["expected"], format.expected);
  EXPECT_EQ(c["seen"], format.seen);
  EXPECT_EQ(c["hint"], format.hint);
  EXPECT_EQ(c["near_miss"], format.near_miss);
  EXPECT_EQ(c["evidence"], json::parse(R"([{"kind": "request", "ref": "journal:2",
                                           "detail": "POST /v1_1/acme-prod/image/upload at 12:00:01.000"}])"));
  const json& sdk = sj["checks"][1];
  EXPECT_EQ(sdk["item"], "P3");
  EXPECT_EQ(sdk["level"], "recommended");
  EXPECT_EQ(sdk["verdict"], "pass");
  EXPECT_EQ(sdk["evidence"], json::array());
  // Empty extras are left out rather than written as "".
  for (const char* key : {"expected", "seen", "hint", "near_miss"}) EXPECT_FALSE(sdk.contains(key)) << key;
}

TEST(BuildReport, NotApplicableScenarioWithItsReason) {
  Scenario s = scenario("large-upload", {"R1"}, {"ua.format"});
  auto report = build_report(test_manifest(), {not_applicable(s, "the manifest does not declare the capability video")},
                             metadata());
  const json& sj = report["scenarios"][0];
  EXPECT_EQ(sj["verdict"], "not_applicable");
  EXPECT_EQ(sj["reason"], "the manifest does not declare the capability video");
  EXPECT_FALSE(sj.contains("journal"));  // it never ran, so it has no journal file
  EXPECT_EQ(sj["checks"], json::array());
  EXPECT_EQ(report["verdict"], "pass");
}

TEST(BuildReport, AnErroredScenarioCarriesItsReasonAndFailsTheRun) {
  Scenario s = scenario("upload-basics", {"T2"}, {"ua.format"});
  ScenarioOutcome o = outcome(s, Verdict::kError, {check("ua.format", Verdict::kPass)});
  o.reason = "step 3 (upload) exited with 1";
  auto report = build_report(test_manifest(), {o}, metadata());
  EXPECT_EQ(report["scenarios"][0]["verdict"], "error");
  EXPECT_EQ(report["scenarios"][0]["reason"], "step 3 (upload) exited with 1");
  EXPECT_EQ(report["verdict"], "fail");
}

// --- checklist_verdicts ------------------------------------------------------------------------

TEST(ChecklistVerdicts, OneLinePerChecklistItemInOrder) {
  auto checklist = checklist_verdicts({});
  auto items = json::parse(*embedded_file("scenarios/checklist.json"))["items"];
  ASSERT_EQ(checklist.size(), items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(checklist[i]["item"], items[i]["id"]);
    EXPECT_EQ(checklist[i]["title"], items[i]["title"]);
    EXPECT_EQ(checklist[i]["level"], items[i]["level"]);
    EXPECT_EQ(checklist[i]["verdict"], "not_checked");
    EXPECT_EQ(checklist[i]["reason"], "no scenario of this run covers this item yet");
    EXPECT_EQ(checklist[i]["scenarios"], json::array());
  }
}

TEST(ChecklistVerdicts, ChecksCountForTheirOwnItem) {
  Scenario s = scenario("upload-basics", {"T1", "T2", "P3"}, {"ua.format", "ua.sdk", "secret.traffic"});
  auto checklist = checklist_verdicts({outcome(
      s, Verdict::kFail,
      {check("ua.format", Verdict::kPass), check("ua.sdk", Verdict::kWarn), check("secret.traffic", Verdict::kFail)})});
  EXPECT_EQ(item(checklist, "T1")["verdict"], "fail");
  EXPECT_EQ(item(checklist, "T1")["checks"], json::array({"secret.traffic"}));
  EXPECT_EQ(item(checklist, "T2")["verdict"], "pass");
  EXPECT_EQ(item(checklist, "T2")["checks"], json::array({"ua.format"}));
  EXPECT_EQ(item(checklist, "P3")["verdict"], "warn");
  EXPECT_EQ(item(checklist, "P3")["scenarios"], json::array({"upload-basics"}));
  EXPECT_FALSE(item(checklist, "T2").contains("reason"));
  EXPECT_EQ(item(checklist, "B1")["verdict"], "not_checked");
}

TEST(ChecklistVerdicts, TheWorstVerdictWins) {
  // fail > error > warn > pass > skip, whichever scenario brings it and in whatever order: a failure
  // that evidence shows stands beside what could not be judged.
  const std::vector<Verdict> worst_first = {Verdict::kFail, Verdict::kError, Verdict::kWarn, Verdict::kPass,
                                            Verdict::kSkip};
  Scenario a = scenario("a", {"T2"}, {"ua.format"});
  Scenario b = scenario("b", {"T2"}, {"ua.format"});
  for (std::size_t i = 0; i < worst_first.size(); ++i) {
    for (std::size_t j = 0; j < worst_first.size(); ++j) {
      auto checklist = checklist_verdicts({outcome(a, Verdict::kPass, {check("ua.format", worst_first[i])}),
                                           outcome(b, Verdict::kPass, {check("ua.format", worst_first[j])})});
      EXPECT_EQ(item(checklist, "T2")["verdict"], std::string(verdict_name(worst_first[std::min(i, j)])))
          << verdict_name(worst_first[i]) << " + " << verdict_name(worst_first[j]);
      EXPECT_EQ(item(checklist, "T2")["scenarios"], json::array({"a", "b"}));
    }
  }
}

TEST(ChecklistVerdicts, ASkippedCheckAloneIsASkip) {
  Scenario s = scenario("a", {"T2"}, {"ua.format"});
  auto checklist = checklist_verdicts({outcome(s, Verdict::kSkip, {check("ua.format", Verdict::kSkip)})});
  EXPECT_EQ(item(checklist, "T2")["verdict"], "skip");
}

TEST(ChecklistVerdicts, AnErroredScenarioLeavesEachItemToItsChecks) {
  // judge_scenario already made errors of the checks whose evidence the error took away; a check
  // whose evidence was all recorded keeps its verdict, and an item no check served is not judged.
  Scenario s = scenario("a", {"T1", "T2", "B4"}, {"ua.format", "secret.traffic"});
  ScenarioOutcome o =
      outcome(s, Verdict::kFail, {check("ua.format", Verdict::kFail), check("secret.traffic", Verdict::kPass)});
  o.reason = "step 7 (uninstall) exited with 1";
  auto checklist = checklist_verdicts({o});
  EXPECT_EQ(item(checklist, "T2")["verdict"], "fail");
  EXPECT_EQ(item(checklist, "T1")["verdict"], "pass");
  EXPECT_EQ(item(checklist, "B4")["verdict"], "not_checked");
  EXPECT_EQ(scenario_json(o)["errored"], true);
  EXPECT_EQ(scenario_json(o)["verdict"], "fail");
}

TEST(ChecklistVerdicts, AnItemListsItsFailuresAndItsErrors) {
  Scenario a = scenario("a", {"T2"}, {"ua.format", "ua.consistent"});
  Scenario b = scenario("b", {"T2"}, {"ua.format"});
  auto checklist = checklist_verdicts(
      {outcome(a, Verdict::kFail, {check("ua.format", Verdict::kError), check("ua.consistent", Verdict::kFail)}),
       outcome(b, Verdict::kError, {check("ua.format", Verdict::kError)})});
  EXPECT_EQ(item(checklist, "T2")["verdict"], "fail");
  EXPECT_EQ(item(checklist, "T2")["failed"], json::array({"ua.consistent in a"}));
  EXPECT_EQ(item(checklist, "T2")["errored"], json::array({"ua.format in a", "ua.format in b"}));
  auto passing = checklist_verdicts({outcome(b, Verdict::kPass, {check("ua.format", Verdict::kPass)})});
  EXPECT_FALSE(item(passing, "T2").contains("failed"));
  EXPECT_FALSE(item(passing, "T2").contains("errored"));
}

TEST(ChecklistVerdicts, NotApplicableOnlyWhenNoApplicableScenarioJudgedTheItem) {
  Scenario video = scenario("video-upload", {"R3", "T2"}, {"ua.format"});
  Scenario widget = scenario("widget", {"R3"}, {"ua.format"});
  Scenario basics = scenario("upload-basics", {"T2"}, {"ua.format"});
  auto checklist = checklist_verdicts({not_applicable(video, "the manifest does not declare the capability video"),
                                       not_applicable(widget, "the manifest has no 'page' action"),
                                       outcome(basics, Verdict::kPass, {check("ua.format", Verdict::kPass)})});
  const json& r3 = item(checklist, "R3");
  EXPECT_EQ(r3["verdict"], "not_applicable");
  EXPECT_EQ(
      r3["reason"],
      "video-upload: the manifest does not declare the capability video; widget: the manifest has no 'page' action");
  EXPECT_EQ(r3["scenarios"], json::array({"video-upload", "widget"}));
  // T2 is also listed by the not-applicable scenario, but an applicable one judged it.
  EXPECT_EQ(item(checklist, "T2")["verdict"], "pass");
  EXPECT_FALSE(item(checklist, "T2").contains("reason"));
}

TEST(ChecklistVerdicts, NotApplicableChecksMakeTheItemNotApplicableWithTheirReasons) {
  Scenario s = scenario(
      "widgets", {"R14", "R15", "T3"},
      {"widget.upload_widget", "widget.media_library", "widget.media_library_sso", "widget.integration_param"});
  auto checklist = checklist_verdicts(
      {outcome(s, Verdict::kPass,
               {check("widget.upload_widget", Verdict::kPass),
                check("widget.media_library", Verdict::kNotApplicable, "no media_library_widget"),
                check("widget.media_library_sso", Verdict::kNotApplicable, "no media_library_widget"),
                check("widget.integration_param", Verdict::kNotApplicable, "no media_library_widget")})});
  EXPECT_EQ(item(checklist, "R14")["verdict"], "pass");
  const json& r15 = item(checklist, "R15");
  EXPECT_EQ(r15["verdict"], "not_applicable");
  // In the scenario's order of checks.
  EXPECT_EQ(r15["reason"],
            "widget.media_library in widgets: no media_library_widget; widget.media_library_sso in widgets: no "
            "media_library_widget; widget.integration_param in widgets: no media_library_widget");
  EXPECT_EQ(item(checklist, "T3")["verdict"], "not_applicable");
  EXPECT_EQ(scenario_json(outcome(s, Verdict::kPass,
                                  {check("widget.media_library", Verdict::kNotApplicable)}))["checks"][0]["verdict"],
            "not_applicable");
}

TEST(ChecklistVerdicts, AnyJudgedCheckOutranksNotApplicable) {
  // R15 for an integration whose Media Library signs no users in: the SSO check skips, the others judge.
  Scenario s = scenario("widgets", {"R15"}, {"widget.media_library", "widget.media_library_sso"});
  auto checklist = checklist_verdicts(
      {outcome(s, Verdict::kPass,
               {check("widget.media_library", Verdict::kPass), check("widget.media_library_sso", Verdict::kSkip)})});
  EXPECT_EQ(item(checklist, "R15")["verdict"], "pass");
  auto skipped = checklist_verdicts({outcome(
      s, Verdict::kSkip,
      {check("widget.media_library", Verdict::kNotApplicable), check("widget.media_library_sso", Verdict::kSkip)})});
  EXPECT_EQ(item(skipped, "R15")["verdict"], "skip");
}

TEST(ChecklistVerdicts, CoveredButNoCheckRan) {
  Scenario s = scenario("a", {"B1"}, {});
  auto checklist = checklist_verdicts({outcome(s, Verdict::kSkip)});
  EXPECT_EQ(item(checklist, "B1")["verdict"], "not_checked");
  EXPECT_EQ(item(checklist, "B1")["reason"], "no check of the scenarios ran");
  EXPECT_EQ(item(checklist, "B1")["scenarios"], json::array({"a"}));
}

// --- run_passed --------------------------------------------------------------------------------

TEST(RunPassed, VerdictsOfApplicableScenarios) {
  Scenario a = scenario("a", {"T2"}, {"ua.format"});
  Scenario b = scenario("b", {"P3"}, {"ua.sdk"});
  EXPECT_TRUE(run_passed({}));
  EXPECT_TRUE(run_passed({outcome(a, Verdict::kPass, {check("ua.format", Verdict::kPass)})}));
  // A failed recommended check is a warning: it never fails the run.
  EXPECT_TRUE(run_passed({outcome(a, Verdict::kPass, {check("ua.format", Verdict::kPass)}),
                          outcome(b, Verdict::kWarn, {check("ua.sdk", Verdict::kWarn)})}));
  EXPECT_TRUE(run_passed({outcome(a, Verdict::kSkip, {check("ua.format", Verdict::kSkip)})}));
  EXPECT_FALSE(run_passed({outcome(b, Verdict::kWarn, {check("ua.sdk", Verdict::kWarn)}),
                           outcome(a, Verdict::kFail, {check("ua.format", Verdict::kFail)})}));
  ScenarioOutcome errored = outcome(a, Verdict::kError);
  errored.reason = "step 1 (install) timed out after 60 s";
  EXPECT_FALSE(run_passed({outcome(b, Verdict::kPass), errored}));
  EXPECT_TRUE(run_passed({not_applicable(a, "no upload action"), outcome(b, Verdict::kPass)}));
}

// --- submission_readiness ----------------------------------------------------------------------

// A report whose every checklist item passed: the base each case below spoils in one way.
json ready_report() {
  json checklist = json::array();
  json items = json::parse(*embedded_file("scenarios/checklist.json"))["items"];
  for (const auto& i : items) { checklist.push_back({{"item", i["id"]}, {"level", i["level"]}, {"verdict", "pass"}}); }
  json checks = json::array(
      {{{"id", "ua.format"}, {"item", "T2"}, {"level", "required"}, {"verdict", "pass"}},
       {{"id", "ua.sdk"}, {"item", "P3"}, {"level", "recommended"}, {"verdict", "warn"}, {"message", "unknown SDK"}},
       {{"id", "delivery.host"}, {"item", "R1"}, {"level", "required"}, {"verdict", "skip"}}});
  return json{{"scenarios", json::array({{{"id", "upload-basics"}, {"verdict", "warn"}, {"checks", checks}}})},
              {"checklist", checklist}};
}

json& line_of(json& report, const std::string& id) {
  for (auto& line : report["checklist"]) {
    if (line["item"] == id) return line;
  }
  throw std::runtime_error("no checklist line " + id);
}

TEST(SubmissionReadiness, ReadyWhenEveryMustItemPassedOrIsNotApplicable) {
  // A warning (recommended check) and a skipped check whose item another check passed do not
  // stand in the way; neither do recommended items nobody checked.
  json report = ready_report();
  line_of(report, "R8") = {{"item", "R8"},
                           {"level", "must"},
                           {"verdict", "not_applicable"},
                           {"reason", "large-upload: the manifest does not declare large_files"}};
  line_of(report, "P2")["verdict"] = "not_checked";
  line_of(report, "P3")["verdict"] = "warn";
  EXPECT_EQ(submission_readiness(report), (json{{"ready", true}, {"obstacles", json::array()}}));
}

TEST(SubmissionReadiness, FailedRequiredChecksErrorsAndErroredScenariosAreNamed) {
  json report = ready_report();
  auto& checks = report["scenarios"][0]["checks"];
  checks[0]["verdict"] = "fail";
  checks[0]["message"] = "1 of 3 API request(s) lack the partner User-Agent";
  checks.push_back({{"id", "transformation.optimized"},
                    {"item", "P6"},
                    {"level", "recommended"},
                    {"verdict", "error"},
                    {"message", "could not parse"}});
  // Errored, though a failure outranks the error in its verdict: the error is named all the same.
  report["scenarios"].push_back({{"id", "accounts"},
                                 {"verdict", "fail"},
                                 {"errored", true},
                                 {"reason", "step 2 (login) exited with 1"},
                                 {"checks", json::array()}});
  auto r = submission_readiness(report);
  EXPECT_EQ(r["ready"], false);
  EXPECT_EQ(r["obstacles"],
            json::array({"required check ua.format (T2) failed in scenario upload-basics: 1 of 3 API request(s) lack "
                         "the partner User-Agent",
                         "check transformation.optimized (P6) errored in scenario upload-basics: could not parse",
                         "scenario accounts errored: step 2 (login) exited with 1"}));
}

TEST(SubmissionReadiness, MustItemsNotCheckedOrOnlySkippedAreListed) {
  json report = ready_report();
  line_of(report, "B1")["verdict"] = "not_checked";
  line_of(report, "R19")["verdict"] = "not_checked";
  line_of(report, "R1")["verdict"] = "skip";
  line_of(report, "P5")["verdict"] = "skip";  // recommended: not an obstacle
  auto r = submission_readiness(report);
  EXPECT_EQ(r["ready"], false);
  EXPECT_EQ(r["obstacles"], json::array({"must items whose checks all skipped (nothing to judge): R1",
                                         "must items not checked by this run: B1, R19"}));
}

// --skip-large leaves out the 1.1 GiB upload: R8 is then "skip" even where the 110 MiB scenario
// passed it, and the bundle is not submission-ready.
TEST(SubmissionReadiness, AScenarioLeftOutByTheSkipLargeOptionIsAnObstacleAndItsItemsNeverPass) {
  Scenario chunked = scenario("chunked-upload", {"R8"}, {"upload.chunked"});
  Scenario large = scenario("large-files", {"R8"}, {"upload.chunked"});
  ScenarioOutcome left_out = outcome(large, Verdict::kSkip, {});
  left_out.skipped = "skipped with --skip-large; run without it before submitting";
  auto checklist =
      checklist_verdicts({outcome(chunked, Verdict::kPass, {check("upload.chunked", Verdict::kPass)}), left_out});
  const json& r8 = item(checklist, "R8");
  EXPECT_EQ(r8["verdict"], "skip");
  // Only the item it is about (its first): T2, judged as well elsewhere, passes.
  Scenario large_t2 = scenario("large-files", {"R8", "T2"}, {"upload.chunked"});
  ScenarioOutcome left_out_t2 = outcome(large_t2, Verdict::kSkip, {});
  left_out_t2.skipped = "skipped with --skip-large; run without it before submitting";
  Scenario basics = scenario("upload-basics", {"T2"}, {"ua.format"});
  EXPECT_EQ(
      item(checklist_verdicts({outcome(basics, Verdict::kPass, {check("ua.format", Verdict::kPass)}), left_out_t2}),
           "T2")["verdict"],
      "pass");
  EXPECT_EQ(r8["reason"], "large-files: skipped with --skip-large; run without it before submitting");
  // A failure found elsewhere still stands.
  auto failing =
      checklist_verdicts({outcome(chunked, Verdict::kFail, {check("upload.chunked", Verdict::kFail)}), left_out});
  EXPECT_EQ(item(failing, "R8")["verdict"], "fail");
  json report = ready_report();
  report["scenarios"].push_back(scenario_json(left_out));
  auto r = submission_readiness(report);
  EXPECT_EQ(r["ready"], false);
  EXPECT_EQ(r["obstacles"][0],
            "scenario large-files was not run: skipped with --skip-large; run without it before submitting");
}

TEST(SubmissionReadiness, WaiversAreNeverReady) {
  json report = ready_report();
  report["scenarios"][0]["checks"][0]["verdict"] = "waived";
  report["waivers"] = json::array({{{"check", "ua.format"}, {"reason", "agreed with Cloudinary"}}});
  auto r = submission_readiness(report);
  EXPECT_EQ(r["ready"], false);
  EXPECT_EQ(r["obstacles"], json::array({"check ua.format (T2) is waived in scenario upload-basics",
                                         "1 waiver(s): a waived result needs Cloudinary's review"}));
  report["scenarios"][0]["checks"][0]["verdict"] = "pass";
  report["waivers"] = json::array();
  EXPECT_EQ(submission_readiness(report)["ready"], true);
}

TEST(SubmissionReadiness, BuildReportCarriesIt) {
  // This run judges only T2: every other must item is not checked, so it is not ready.
  Scenario s = scenario("upload-basics", {"T2"}, {"ua.format"});
  auto report =
      build_report(test_manifest(), {outcome(s, Verdict::kPass, {check("ua.format", Verdict::kPass)})}, metadata());
  ASSERT_TRUE(report.contains("submission_ready"));
  EXPECT_EQ(report["submission_ready"]["ready"], false);
  ASSERT_THAT(report["submission_ready"]["obstacles"], SizeIs(1));
  std::string line = report["submission_ready"]["obstacles"][0];
  EXPECT_THAT(line, HasSubstr("must items not checked by this run: B1, B2, B3, B4, B5, B6, T1, T3, R1,"));
  EXPECT_THAT(line, Not(HasSubstr("T2")));
  EXPECT_THAT(line, Not(HasSubstr("P1")));
  EXPECT_EQ(report["submission_ready"], submission_readiness(report));
}

}  // namespace
}  // namespace cldcert
