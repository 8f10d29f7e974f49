#include "harness/network/trust_bundle.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "harness/scratch_dir_test_support.h"
#include "mocks/mock_test_support.h"

namespace cldcert::network {
namespace {

using mock::testing_support::read_file;

TEST(TrustBundle, IsTheSystemBundleFollowedByTheRunCa) {
  ScratchDir dir("trust");
  auto system = dir.write("system.crt", "SYSTEM CAS");  // no final newline: the run CA still starts a line
  write_trust_bundle(dir / "bundle.pem", "RUN CA\n", system);
  EXPECT_EQ(read_file(dir / "bundle.pem"), "SYSTEM CAS\nRUN CA\n");
  const std::string bundle = (dir / "bundle.pem").string();
  EXPECT_EQ(read_file(dir / "php.d" / "cldcert-trust.ini"),
            "curl.cainfo=\"" + bundle + "\"\nopenssl.cafile=\"" + bundle + "\"\n");
}

TEST(TrustBundle, WithoutASystemBundleHoldsTheRunCa) {
  ScratchDir dir("trust");
  write_trust_bundle(dir / "bundle.pem", "RUN CA\n", dir / "absent.crt");
  EXPECT_EQ(read_file(dir / "bundle.pem"), "RUN CA\n");
}

TEST(TrustBundle, EveryClientsVariablePointsAtTheBundle) {
  auto env = trust_environment("/run/bundle.pem", "");
  for (const char* name : {"SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"}) {
    EXPECT_EQ(env[name], "/run/bundle.pem") << name;
  }
  EXPECT_EQ(env["PHP_INI_SCAN_DIR"], ":/run/php.d");
  EXPECT_EQ(env.size(), 5u);
}

// The user's own PHP ini folders stay scanned (first); the run's trust settings are added after them.
TEST(TrustBundle, PhpKeepsTheIniFoldersCldcertWasStartedWith) {
  EXPECT_EQ(trust_environment("/run/bundle.pem", "/etc/acme/php.d")["PHP_INI_SCAN_DIR"], "/etc/acme/php.d:/run/php.d");
}

}  // namespace
}  // namespace cldcert::network
