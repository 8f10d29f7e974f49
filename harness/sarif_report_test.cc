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
  EXPECT_THAT(results[0]["message"]["text"].get<std::string>(),
              ::testing::HasSubstr("leaked — known secret Fix: rotate it"));
  EXPECT_EQ(results[1]["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
  EXPECT_FALSE(results[2]["locations"][0]["physicalLocation"].contains("region"));
  ASSERT_EQ(log["runs"][0]["tool"]["driver"]["rules"].size(), 1u);
  EXPECT_EQ(log["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["checklist_item"], "T1");
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
