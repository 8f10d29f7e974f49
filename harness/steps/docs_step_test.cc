#include "harness/steps/docs_step.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/scan/scan_test_support.h"

namespace cldcert {
namespace {

using scan::testing::TempDir;
using ::testing::HasSubstr;

const nlohmann::json* document(const HarnessStepResult& r, const std::string& role) {
  for (const auto& d : r.output["documents"]) {
    if (d["role"] == role) return &d;
  }
  return nullptr;
}

constexpr const char* kMit =
    "MIT License\n\nCopyright (c) 2026 Example\n\nPermission is hereby granted, free of charge, to any person "
    "obtaining a copy\nof this software and associated documentation files (the \"Software\"), to deal\nin the "
    "Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, "
    "distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\n"
    "furnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission "
    "notice shall be included in all\ncopies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED "
    "\"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\nIMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF "
    "MERCHANTABILITY,\nFITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\nAUTHORS OR "
    "COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\nLIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT "
    "OR OTHERWISE, ARISING FROM,\nOUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\n"
    "SOFTWARE.\n";

class ReadDocs : public ::testing::Test {
 protected:
  void SetUp() override { manifest_.dir = tmp_.path(); }
  TempDir tmp_;
  Manifest manifest_;
};

TEST_F(ReadDocs, RecordsEachDocumentWithItsDigestAndTheLicensesSpdxId) {
  tmp_.write("README.md", "# Plugin\n\n## Installation\n");
  tmp_.write("LICENSE.txt", kMit);
  tmp_.write("CONTRIBUTING.md", "# Contributing\n");
  tmp_.write("CHANGELOG.md", "# Changelog\n## [1.0.0]\n");
  auto r = read_docs_of(manifest_, "licensecheck");
  ASSERT_EQ(r.error, "");
  const auto* readme = document(r, "readme");
  ASSERT_NE(readme, nullptr);
  EXPECT_EQ((*readme)["path"], "README.md");
  EXPECT_EQ((*readme)["text"], "# Plugin\n\n## Installation\n");
  EXPECT_EQ((*readme)["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ((*document(r, "license"))["path"], "LICENSE.txt");
  EXPECT_EQ(r.output["license"]["spdx"], "MIT");
  EXPECT_EQ(r.output["license"]["tool"], "licensecheck");
}

TEST_F(ReadDocs, MissingDefaultsAreRecordedAsMissingForTheChecks) {
  tmp_.write("README.md", "# Plugin\n");
  auto r = read_docs_of(manifest_, "/nonexistent/licensecheck");  // no LICENSE: licensecheck is not needed
  ASSERT_EQ(r.error, "");
  EXPECT_EQ((*document(r, "license"))["missing"], true);
  EXPECT_EQ((*document(r, "contributing"))["missing"], true);
  EXPECT_EQ((*document(r, "changelog"))["missing"], true);
  EXPECT_TRUE(r.output["license"].is_null());
}

TEST_F(ReadDocs, ADeclaredDocumentThatDoesNotExistIsAnError) {
  manifest_.docs_readme = "docs/README.de.md";
  auto r = read_docs_of(manifest_, "licensecheck");
  EXPECT_THAT(r.error, HasSubstr("docs.readme \"docs/README.de.md\""));
  EXPECT_THAT(r.error, HasSubstr("no such file"));
}

TEST_F(ReadDocs, WithoutLicensecheckTheStepFailsSayingWhatToInstall) {
  tmp_.write("LICENSE", kMit);
  auto r = read_docs_of(manifest_, "/nonexistent/licensecheck");
  EXPECT_THAT(r.error, HasSubstr("cannot identify the license"));
  EXPECT_THAT(r.error, HasSubstr("install the Debian package licensecheck"));
  EXPECT_TRUE(r.output.is_null());
}

TEST_F(ReadDocs, AnUnknownLicenseHasNoSpdxId) {
  tmp_.write("LICENSE", "You may use this on Tuesdays.\n");
  auto r = read_docs_of(manifest_, "licensecheck");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.output["license"]["spdx"], "");
}

TEST_F(ReadDocs, LongDocumentsAreCappedAsValidUtf8) {
  std::string text = "# Big\n" + std::string(kMaxDocumentBytes - 7, 'a') + "é and more";
  tmp_.write("README.md", text);
  auto r = read_docs_of(manifest_, "licensecheck");
  ASSERT_EQ(r.error, "");
  const auto* readme = document(r, "readme");
  EXPECT_EQ((*readme)["truncated"], true);
  EXPECT_EQ((*readme)["bytes"], text.size());
  EXPECT_NO_THROW((void)r.output.dump());
}

}  // namespace
}  // namespace cldcert
