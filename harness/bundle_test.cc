#include "harness/bundle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "harness/bundle_manifest.h"
#include "harness/checks/check_test_support.h"
#include "harness/junit_report.h"
#include "harness/manifest.h"
#include "harness/run_report.h"
#include "harness/sarif_report.h"
#include "harness/scenario.h"
#include "harness/scenario_run.h"
#include "mocks/mock_test_support.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;
using mock::testing_support::read_file;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Every path of the layout, with an ordinary scenario id.
std::vector<std::string> layout_paths() {
  return {kBundleMarker,
          kBundleManifest,
          kReportJson,
          kJunitXml,
          kResultsSarif,
          kReportHtml,
          kReportMd,
          kEvidenceHar,
          kIntegrationFolder,
          kPlanFolder,
          kManifestCopy,
          kPlanWaivers,
          kPlanScenarios,
          kPlanLiveAccounts,
          journal_path("upload-basics"),
          evidence_path("upload-basics"),
          step_log_path("upload-basics", 0, "install"),
          screenshots_path("upload-basics"),
          plan_scenario_path("/elsewhere/mine.scenario.json"),
          kScenarioFolders[0],
          kScenarioFolders[1],
          kScenarioFolders[2],
          kScenarioFolders[3]};
}

TEST(BundleLayout, EveryPathIsRelativeAndInsideTheBundle) {
  const fs::path root = "/bundles/b";
  for (const auto& path : layout_paths()) {
    SCOPED_TRACE(path);
    EXPECT_FALSE(fs::path(path).is_absolute());
    EXPECT_EQ(fs::path(path).lexically_normal().generic_string(), path);  // no ".", "..", "//" or trailing "/"
    EXPECT_FALSE(path.starts_with(".."));
    EXPECT_EQ((root / path).lexically_relative(root).generic_string(), path);
  }
}

TEST(BundleLayout, NoTwoPathsAreTheSame) {
  const auto paths = layout_paths();
  EXPECT_EQ(std::set<std::string>(paths.begin(), paths.end()).size(), paths.size());
}

TEST(BundleLayout, PerScenarioPathsLieInTheirFolders) {
  EXPECT_EQ(journal_path("a"), "journal/a.jsonl");
  EXPECT_EQ(evidence_path("a"), "evidence/a.json");
  EXPECT_EQ(step_log_path("a", 2, "upload"), "logs/a/3-upload.log");
  EXPECT_EQ(screenshots_path("a"), "screenshots/a");
  EXPECT_EQ(plan_scenario_path("/x/y/mine.scenario.json"), "plan/scenarios/mine.scenario.json");
  EXPECT_THAT(kScenarioFolders, ElementsAre(std::string("journal"), std::string("evidence"), std::string("logs"),
                                            std::string("screenshots")));
  EXPECT_TRUE(std::string(kManifestCopy).starts_with(std::string(kIntegrationFolder) + "/"));
  EXPECT_TRUE(std::string(kPlanWaivers).starts_with(std::string(kPlanFolder) + "/"));
  EXPECT_TRUE(std::string(kPlanScenarios).starts_with(std::string(kPlanFolder) + "/"));
  EXPECT_TRUE(std::string(kPlanLiveAccounts).starts_with(std::string(kPlanFolder) + "/"));
}

// reports/cldcert_report/layout.py is the renderer's copy of the names it reads: each NAME = "…"
// line of it must be what harness/bundle.h gives, and each name the renderer needs must be there.
TEST(BundleLayout, ThePythonRenderersLayoutSaysTheSame) {
  const std::string text = read_file(fs::path(CLDCERT_SOURCE_DIR) / "reports" / "cldcert_report" / "layout.py");
  ASSERT_FALSE(text.empty());
  std::map<std::string, std::string> python;
  const std::regex assignment(R"re(([A-Z_]+) = "([^"]*)")re");
  std::istringstream lines(text);
  std::smatch m;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_match(line, m, assignment)) python[m[1]] = m[2];
  }
  std::string step_log = python.count("STEP_LOG") ? python["STEP_LOG"] : "";
  step_log = std::regex_replace(step_log, std::regex(R"(\{step\})"), "7");
  const std::map<std::string, std::string> expected = {
      {"REPORT_JSON", kReportJson},
      {"REPORT_HTML", kReportHtml},
      {"REPORT_MD", kReportMd},
      {"JOURNAL", journal_path("{scenario}")},
      {"STEP_LOG", step_log_path("{scenario}", 6, "{action}")},
      {"SCREENSHOTS", screenshots_path("{scenario}")},
  };
  std::set<std::string> names;
  for (const auto& [name, value] : python) names.insert(name);
  std::set<std::string> expected_names;
  for (const auto& [name, value] : expected) expected_names.insert(name);
  EXPECT_EQ(names, expected_names) << "layout.py names a path bundle.h does not, or misses one";
  for (const auto& [name, value] : expected) { EXPECT_EQ(name == "STEP_LOG" ? step_log : python[name], value) << name; }
}

class BundleWriting : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cldcert-bundle-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "integration");
    manifest_.path = dir_ / "integration" / "cldcert.json";
    std::ofstream(manifest_.path, std::ios::binary) << "{\"integration\": \"acme\", \"note\": \"" << kSecret << "\"}\n";
    manifest_.integration_name = "acme";
    bundle_ = dir_ / "bundle";
    fs::create_directories(bundle_);

    ran_.id = "upload-basics";
    ran_.source = (dir_ / "scenarios" / "upload-basics.scenario.json").string();
    ran_.text = "{\"id\": \"upload-basics\"}\n";
    built_in_.id = "video";
    built_in_.source = "embedded:scenarios/video.scenario.json";
    scenarios_ = {ran_, built_in_};

    testing_support::Evidence evidence;
    evidence.step("install").stdout_text = "installed with key " + std::string(kSecret) + "\n";
    evidence.upload();
    ScenarioOutcome uploaded;
    uploaded.scenario = &scenarios_[0];
    uploaded.steps = evidence.steps();
    uploaded.journal = evidence.journal();
    uploaded.redactor = mock::Redactor({kSecret});
    ScenarioOutcome not_applicable;
    not_applicable.scenario = &scenarios_[1];
    not_applicable.applicable = false;
    not_applicable.reason = "the manifest does not declare the capability video";
    outcomes_ = {uploaded, not_applicable};
    RunMetadata meta;
    meta.run_id = "run-000000000001";
    report_ = build_report(manifest_, outcomes_, meta);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The files under the bundle, as MANIFEST.sha256 names them.
  std::set<std::string> files() const {
    std::set<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(bundle_)) {
      if (entry.is_regular_file()) out.insert(entry.path().lexically_relative(bundle_).generic_string());
    }
    return out;
  }

  static constexpr const char* kSecret = "Zk3q9sEcReTvAlUe0xY7wQ";
  fs::path dir_, bundle_;
  Manifest manifest_;
  Scenario ran_, built_in_;
  std::vector<Scenario> scenarios_;
  std::vector<ScenarioOutcome> outcomes_;
  nlohmann::json report_;
  std::optional<std::string> waivers_text_ = std::string("{\"waivers\": []}\n");
};

TEST_F(BundleWriting, TheRunBundleHoldsTheLayoutsFilesAndItsManifestListsEachOfThem) {
  write_run_bundle(bundle_, bundle_, {report_, outcomes_, manifest_, waivers_text_, scenarios_});
  std::set<std::string> expected = {kBundleManifest,
                                    kReportJson,
                                    kJunitXml,
                                    kResultsSarif,
                                    kEvidenceHar,
                                    kManifestCopy,
                                    kPlanWaivers,
                                    plan_scenario_path(ran_.source),
                                    journal_path("upload-basics"),
                                    evidence_path("upload-basics"),
                                    step_log_path("upload-basics", 0, "install")};
  // Rendered when this machine has Python 3 with Jinja2.
  for (const char* rendered : {kReportHtml, kReportMd}) {
    if (fs::exists(bundle_ / rendered)) expected.insert(rendered);
  }
  EXPECT_EQ(files(), expected);
  EXPECT_THAT(check_bundle_manifest(bundle_), IsEmpty());
  std::set<std::string> listed;
  std::istringstream manifest(read_file(bundle_ / kBundleManifest));
  for (std::string line; std::getline(manifest, line);) listed.insert(line.substr(66));
  expected.erase(kBundleManifest);
  EXPECT_EQ(listed, expected);
  // report.json names its journal and logs where they were written.
  const auto& line = report_["scenarios"][0];
  EXPECT_EQ(line["journal"], journal_path("upload-basics"));
  EXPECT_EQ(line["steps"][0]["log"], step_log_path("upload-basics", 0, "install"));
}

TEST_F(BundleWriting, EverythingFromTheRunIsRedactedButThePlanIsKeptAsRead) {
  write_run_bundle(bundle_, bundle_, {report_, outcomes_, manifest_, waivers_text_, scenarios_});
  for (const auto& file : files()) { EXPECT_THAT(read_file(bundle_ / file), Not(HasSubstr(kSecret))) << file; }
  EXPECT_THAT(read_file(bundle_ / step_log_path("upload-basics", 0, "install")), HasSubstr("[REDACTED]"));
  EXPECT_EQ(read_file(bundle_ / kPlanWaivers), *waivers_text_);
  EXPECT_EQ(read_file(bundle_ / plan_scenario_path(ran_.source)), ran_.text);
}

// A live run's bundle keeps its clouds without secrets (through the redactor all the same) and each
// scenario's record of what it verified with one; a mock run's has neither.
TEST_F(BundleWriting, ALiveRunKeepsItsCloudsAndItsRecordAMockRunNeither) {
  write_run_bundle(bundle_, bundle_, {report_, outcomes_, manifest_, waivers_text_, scenarios_});
  EXPECT_FALSE(fs::exists(bundle_ / kPlanLiveAccounts));
  EXPECT_THAT(read_file(bundle_ / evidence_path("upload-basics")), Not(HasSubstr("verified_with_secrets")));

  fs::remove_all(bundle_);
  outcomes_[0].secret_facts = {{"delivery.signed_restricted", "url_signature", "alpha", "v1/a.png", "AAAAAAAA", true}};
  const nlohmann::json clouds = {{"accounts", {{{"id", "acc"}, {"clouds", {{{"cloud_name", "alpha"}}}}}}},
                                 {"note", kSecret}};
  write_run_bundle(bundle_, bundle_, {report_, outcomes_, manifest_, waivers_text_, scenarios_, clouds});
  const std::string kept = read_file(bundle_ / kPlanLiveAccounts);
  EXPECT_THAT(kept, HasSubstr("\"cloud_name\": \"alpha\""));
  EXPECT_THAT(kept, Not(HasSubstr(kSecret)));
  EXPECT_THAT(check_bundle_manifest(bundle_), IsEmpty());
  EXPECT_THAT(read_file(bundle_ / kBundleManifest), HasSubstr(kPlanLiveAccounts));
  const auto evidence = nlohmann::json::parse(read_file(bundle_ / evidence_path("upload-basics")));
  EXPECT_EQ(evidence["verified_with_secrets"][0]["signature"], "AAAAAAAA");
}

TEST_F(BundleWriting, ReportFilesAreWhatFilesFromReportGivesThroughTheRedactor) {
  write_report_files(bundle_, report_, [](const std::string& text) { return "<" + text + ">"; });
  EXPECT_EQ(read_file(bundle_ / kReportJson), "<" + report_.dump(2) + ">\n");
  const auto rendered = files_from_report(report_);
  ASSERT_EQ(rendered.size(), 2u);
  EXPECT_STREQ(rendered[0].path, kJunitXml);
  EXPECT_EQ(rendered[0].text, junit_xml(report_));
  EXPECT_STREQ(rendered[1].path, kResultsSarif);
  EXPECT_EQ(rendered[1].text, report_sarif(report_).dump(1) + "\n");
  for (const auto& [path, text] : rendered) EXPECT_EQ(read_file(bundle_ / path), "<" + text + ">") << path;
}

TEST_F(BundleWriting, AFileThatCannotBeWrittenIsNamed) {
  fs::create_directories(bundle_ / "journal");
  try {
    write_bundle_file(bundle_, "journal", "{}\n");
    FAIL() << "expected BundleWriteError";
  } catch (const BundleWriteError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write " + (bundle_ / "journal").string());
  }
}

}  // namespace
}  // namespace cldcert
