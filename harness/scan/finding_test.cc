#include "harness/scan/finding.h"

#include <gtest/gtest.h>

namespace cldcert::scan {
namespace {

TEST(ScanFinding, FingerprintIsTheStartOfTheSecretsSha256) {
  // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS 180-2).
  EXPECT_EQ(secret_fingerprint("abc"), "ba7816bf8f01cfea");
  EXPECT_NE(secret_fingerprint("abd"), secret_fingerprint("abc"));
}

TEST(ScanFinding, HumanLineAndJson) {
  Finding f{"src/a.js", 3, 7, "", "secret-assignment", "api_secret: '[REDACTED]'", "0123456789abcdef"};
  EXPECT_EQ(format_finding(f), "src/a.js:3:7 secret-assignment api_secret: '[REDACTED]'");
  nlohmann::json j = f;
  EXPECT_EQ(j["line"], 3);
  EXPECT_FALSE(j.contains("commit"));
  f.commit = "0123456789abcdef0123456789abcdef01234567";
  EXPECT_EQ(format_finding(f), "src/a.js:3:7 secret-assignment api_secret: '[REDACTED]' (commit 0123456789ab)");
  EXPECT_EQ(nlohmann::json(f)["commit"], f.commit);
}

}  // namespace
}  // namespace cldcert::scan
