#include "harness/scan/sarif_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/scan/rule_catalog.h"
#include "harness/version.h"

namespace cldcert::scan {
namespace {

TEST(SarifWriter, LinksGoToTheProjectsHomeAtThisReleasesTag) {
  const auto log = sarif_envelope(nlohmann::json::array(), nlohmann::json::array(), "https://github.com/acme/cldcert");
  EXPECT_EQ(log["runs"][0]["tool"]["driver"]["informationUri"], "https://github.com/acme/cldcert");
  EXPECT_EQ(project_doc_uri("docs/scan.md#rules", "https://github.com/acme/cldcert"),
            std::string("https://github.com/acme/cldcert/blob/v") + kVersion + "/docs/scan.md#rules");
  EXPECT_FALSE(
      sarif_envelope(nlohmann::json::array(), nlohmann::json::array(), "")["runs"][0]["tool"]["driver"].contains(
          "informationUri"));
  EXPECT_EQ(project_doc_uri("docs/scan.md#rules", ""), "");
}

TEST(ScanSarif, LogShapeGitHubReads) {
  Finding f{"dist/plugin.zip!/lib/my config.php",
            3,
            9,
            "abc123",
            "secret-assignment",
            "x = '[REDACTED]'",
            "00112233aabbccdd"};
  auto log = sarif_log({f});
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_EQ(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  const auto& driver = log["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["name"], "cldcert");
  EXPECT_EQ(driver["version"], kVersion);
  EXPECT_EQ(driver["rules"].size(), rule_catalog().size());
  for (const auto& rule : driver["rules"]) {
    EXPECT_TRUE(rule["shortDescription"]["text"].is_string());
    EXPECT_THAT(rule["help"]["text"].get<std::string>(), ::testing::HasSubstr("docs/scan.md#rules"));
    // A link only to the project's real home: none in a build that was given none.
    EXPECT_EQ(rule.contains("helpUri"), std::string_view(kProjectUrl) != "");
  }
  EXPECT_EQ(driver.contains("informationUri"), std::string_view(kProjectUrl) != "");
  const auto& result = log["runs"][0]["results"][0];
  EXPECT_EQ(result["ruleId"], "secret-assignment");
  EXPECT_EQ(result["level"], "error");
  // The repository holds the archive, not its member: located on the archive, the member in the message.
  const auto& location = result["locations"][0]["physicalLocation"];
  EXPECT_EQ(location["artifactLocation"]["uri"], "dist/plugin.zip");
  EXPECT_FALSE(location.contains("region"));
  EXPECT_THAT(result["message"]["text"].get<std::string>(),
              ::testing::HasSubstr("(in archive member lib/my config.php, line 3, column 9)"));
  EXPECT_EQ(result["partialFingerprints"]["secretFingerprint/v1"], "00112233aabbccdd");
  EXPECT_EQ(result["properties"]["commit"], "abc123");
}

TEST(ScanSarif, AFileOfItsOwnKeepsItsLineAndColumn) {
  Finding f{"src/a.js", 4, 2, "", "secret-assignment", "x = '[REDACTED]'", "ff"};
  const auto location = sarif_log({f})["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(location["artifactLocation"]["uri"], "src/a.js");
  EXPECT_EQ(location["region"]["startLine"], 4);
  EXPECT_EQ(location["region"]["startColumn"], 2);
}

TEST(ScanSarif, UrisAreRelativeForwardSlashedAndPercentEncoded) {
  EXPECT_EQ(path_to_uri("a/b c/%d#e?.js"), "a/b%20c/%25d%23e%3F.js");
  EXPECT_EQ(path_to_uri("win\\path"), "win/path");
  EXPECT_EQ(path_to_uri("c:x/y"), "c%3Ax/y");
  EXPECT_EQ(path_to_uri("caf\xC3\xA9"), "caf%C3%A9");
}

}  // namespace
}  // namespace cldcert::scan
