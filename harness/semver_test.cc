#include "harness/semver.h"

#include <gtest/gtest.h>

#include <string>

namespace cldcert {
namespace {

TEST(SemVer, AcceptsValidVersions) {
  for (const char* version : {"0.0.0", "1.0.0", "1.4.0", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1+build.5",
                              "1.0.0-0.3.7", "1.0.0-x.7.z.92", "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85",
                              "1.0.0-x-y-z.--", "1.0.0-0A.is.legal", "99999999999999999999.0.0"}) {
    EXPECT_TRUE(is_semver(version)) << version;
  }
}

TEST(SemVer, RejectsInvalidVersions) {
  for (const char* version :
       {"", "1", "1.0", "v1.0.0", "01.0.0", "1.01.0", "1.0.01", "1.0.0-01", "1.0.0-", "1.0.0+", "1.0.0-alpha..1",
        "1.0.0+build..5", "1.0.0 ", " 1.0.0", "1.0.0\n", "1.0.0-alpha_beta", "1.2.3.4", "-1.0.0", "1.0.0-ü"}) {
    EXPECT_FALSE(is_semver(version)) << '"' << version << '"';
  }
  EXPECT_FALSE(is_semver(std::string_view("1.0.0\0", 6)));
  // Longer than any real version: refused without running the regex over it.
  EXPECT_FALSE(is_semver("1.0.0-" + std::string(300, 'a')));
  EXPECT_TRUE(is_semver("1.0.0-" + std::string(250, 'a')));
}

}  // namespace
}  // namespace cldcert
