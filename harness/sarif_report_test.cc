#include "harness/sarif_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cldcert {
namespace {

nlohmann::json report_with(const std::string& verdict, const nlohmann::json& evidence) {
  nlohmann::json check{{"id", "secret.traffic"},
                       {"verdict", verdict},
                       {"message", "leaked"},
                       {"hint", "rotate it"},
                       {"evidence", evidence}};
  nlohmann::json scenario{{"id", "secrets"}, {"checks", nlohmann::json::array({check})}};
  return {{"scenarios", nlohmann::json::array({scenario})}};
}

TEST(SarifReport, FileEvidenceOfFailuresBecomesResultsWithRegions) {
  auto log =
      report_sarif(report_with("fail", {{{"kind", "file"}, {"ref", "src/a b.js:12:5"}, {"detail", "known secret"}},
                                        {{"kind", "file"}, {"ref", "README.md:3"}},
                                        {{"kind", "file"}, {"ref", "LICENSE"}},
                                        {{"kind", "request"}, {"ref", "journal:4"}}}));
  EXPECT_EQ(log["version"], "2.1.0");
  const auto& results = log["runs"][0]["results"];
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0]["ruleId"], "secret.traffic");
  EXPECT_EQ(results[0]["level"], "error");
  const auto& loc = results[0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "src/a%20b.js");
  EXPECT_EQ(loc["region"]["startLine"], 12);
  EXPECT_EQ(loc["region"]["startColumn"], 5);
  // The fix right after the finding, before the evidence: what an alert's first lines show.
  EXPECT_EQ(results[0]["message"]["text"],
            "leaked (scenario secrets) — known secret\nFix: rotate it\nrequest journal:4");
  EXPECT_EQ(results[0]["properties"]["fix"], "rotate it");
  EXPECT_EQ(results[1]["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
  EXPECT_FALSE(results[2]["locations"][0]["physicalLocation"].contains("region"));
  ASSERT_EQ(log["runs"][0]["tool"]["driver"]["rules"].size(), 1u);
  EXPECT_EQ(log["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["checklist_item"], "T1");
}

TEST(SarifReport, AFindingWithoutAFilePointsAtTheManifestWithItsRequestsInTheMessage) {
  auto report = report_with("fail", {{{"kind", "request"},
                                      {"ref", "journal:4"},
                                      {"detail", "POST /v1_1/demo/image/upload at 12:00:01.000 during upload#3"}}});
  report["integration"] = {{"manifest", "cldcert.json"}};
  const auto results = report_sarif(report)["runs"][0]["results"];
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "cldcert.json");
  EXPECT_THAT(results[0]["message"]["text"].get<std::string>(),
              ::testing::HasSubstr("request journal:4: POST /v1_1/demo/image/upload at 12:00:01.000 during upload#3"));
}

// GitHub opens a result's file in the repository: an archive member is its archive, a file outside
// the repository (a build folder under {workdir}, the host's files) is named on the manifest instead.
TEST(SarifReport, EveryLocationIsAFileOfTheRepository) {
  auto report = report_with(
      "fail", {{{"kind", "file"}, {"ref", "dist/plugin.tgz!/package/config.js:3:9"}, {"detail", "known secret"}}});
  auto results = report_sarif(report)["runs"][0]["results"];
  ASSERT_EQ(results.size(), 1u);
  const auto& archive = results[0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(archive["artifactLocation"]["uri"], "dist/plugin.tgz");
  EXPECT_FALSE(archive.contains("region"));  // line 3 is the member's
  EXPECT_THAT(results[0]["message"]["text"].get<std::string>(),
              ::testing::StartsWith("leaked (scenario secrets) — member package/config.js:3:9: known secret\n"));

  report = report_with(
      "fail", {{{"kind", "file"}, {"ref", "{workdir}/build/plugin.tgz!/config.json:2"}, {"detail", "known secret"}}});
  report["integration"] = {{"manifest", "cldcert.json"}};
  results = report_sarif(report)["runs"][0]["results"];
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "cldcert.json");
  EXPECT_THAT(results[0]["message"]["text"].get<std::string>(),
              ::testing::HasSubstr("— file {workdir}/build/plugin.tgz!/config.json:2: known secret\n"));
  EXPECT_EQ(results[0].dump().find("%7Bworkdir"), std::string::npos);
}

// What an action sent is located on that action's line in the manifest (report.json's action_lines).
TEST(SarifReport, ATrafficFindingPointsAtTheActionThatSentIt) {
  auto report = report_with("fail", {{{"kind", "request"}, {"ref", "journal:4"}, {"detail", "POST /v1_1/demo"}}});
  report["integration"] = {{"manifest", "cldcert.json"}, {"action_lines", {{"login", 3}, {"upload", 7}}}};
  report["scenarios"][0]["steps"] = {{{"action", "login"}, {"journal", {{"after", 0}, {"through", 2}}}},
                                     {{"action", "upload"}, {"journal", {{"after", 2}, {"through", 5}}}}};
  auto result = report_sarif(report)["runs"][0]["results"][0];
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "cldcert.json");
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["region"]["startLine"], 7);
  EXPECT_THAT(result["message"]["text"].get<std::string>(),
              ::testing::StartsWith("leaked (scenario secrets) — action upload\n"));
  const auto fingerprint = result["partialFingerprints"];
  // A step cited by name; and the fingerprint does not move with the manifest's lines.
  report["scenarios"][0]["checks"][0]["evidence"] = {{{"kind", "step"}, {"ref", "login#1"}, {"detail", "exit 1"}}};
  report["integration"]["action_lines"]["login"] = 30;
  result = report_sarif(report)["runs"][0]["results"][0];
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["region"]["startLine"], 30);
  EXPECT_EQ(result["partialFingerprints"], fingerprint);
  // A harness step or a request outside every step has no line: the manifest as a whole.
  report["scenarios"][0]["checks"][0]["evidence"] = {{{"kind", "request"}, {"ref", "journal:9"}}};
  EXPECT_FALSE(report_sarif(report)["runs"][0]["results"][0]["locations"][0]["physicalLocation"].contains("region"));
}

TEST(SarifReport, FingerprintsStayAcrossRunsAndRulesCarryHelpAndTheItem) {
  auto first =
      report_with("fail", {{{"kind", "file"}, {"ref", "src/a.js:1"}}, {{"kind", "request"}, {"ref", "journal:4"}}});
  auto again =
      report_with("fail", {{{"kind", "file"}, {"ref", "src/a.js:1"}}, {{"kind", "request"}, {"ref", "journal:9"}}});
  const auto fingerprints = report_sarif(first)["runs"][0]["results"][0]["partialFingerprints"];
  EXPECT_EQ(fingerprints["cldcertFinding/v1"].get<std::string>().size(), 64u);
  EXPECT_EQ(report_sarif(again)["runs"][0]["results"][0]["partialFingerprints"], fingerprints);
  auto elsewhere = report_with("fail", {{{"kind", "file"}, {"ref", "src/b.js:1"}}});
  EXPECT_NE(report_sarif(elsewhere)["runs"][0]["results"][0]["partialFingerprints"], fingerprints);
  const auto rule = report_sarif(first)["runs"][0]["tool"]["driver"]["rules"][0];
  EXPECT_THAT(rule["help"]["text"].get<std::string>(), ::testing::HasSubstr("Checklist item T1"));
  EXPECT_THAT(rule["help"]["text"].get<std::string>(), ::testing::HasSubstr("Each alert says how to fix it"));
  // Links go to the project's home at this release; a build given no home writes none.
  EXPECT_EQ(report_sarif(first, "https://github.com/acme/cldcert")["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"],
            std::string("https://github.com/acme/cldcert/blob/v") + kVersion + "/harness/checks/catalog.json");
  EXPECT_EQ(report_sarif(first, "https://github.com/acme/cldcert")["runs"][0]["tool"]["driver"]["informationUri"],
            "https://github.com/acme/cldcert");
  EXPECT_FALSE(rule.contains("helpUri") && std::string_view(kProjectUrl).empty());
  EXPECT_FALSE(report_sarif(first, "")["runs"][0]["tool"]["driver"]["rules"][0].contains("helpUri"));
  EXPECT_EQ(rule["properties"]["tags"], (nlohmann::json{"cldcert", "checklist-T1"}));
}

TEST(SarifReport, PassesGiveNoResultsAndWaivedOnesAreNotes) {
  EXPECT_TRUE(report_sarif(report_with("pass", {{{"kind", "file"}, {"ref", "a:1"}}}))["runs"][0]["results"].empty());
  EXPECT_TRUE(
      report_sarif(report_with("not_applicable", {{{"kind", "file"}, {"ref", "a:1"}}}))["runs"][0]["results"].empty());
  EXPECT_EQ(report_sarif(report_with("waived", {{{"kind", "file"}, {"ref", "a:1"}}}))["runs"][0]["results"][0]["level"],
            "note");
  EXPECT_TRUE(report_sarif(nlohmann::json::object())["runs"][0]["results"].empty());
}

}  // namespace
}  // namespace cldcert
