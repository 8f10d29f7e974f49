#include "harness/network/java_truststore.h"

#include <gtest/gtest.h>

#include "harness/process_runner.h"
#include "harness/scratch_dir_test_support.h"

namespace cldcert::network {
namespace {

ProcessResult run(std::vector<std::string> argv) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  return run_process(spec);
}

TEST(JavaTruststore, HoldsTheRunCaUnderTheJdksDefaultPassword) {
  ScratchDir dir("java-truststore");
  ProcessResult ca =
      run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=cldcert test CA",
           "-keyout", (dir / "ca.key").string(), "-out", (dir / "ca.pem").string()});
  if (ca.spawn_failed) GTEST_SKIP() << "no openssl CLI: " << ca.spawn_error;
  ASSERT_EQ(ca.exit_code, 0) << ca.stderr_text;
  std::string error;
  if (!write_java_truststore(dir / "ca.pem", dir / "cacerts", error)) {
    if (error.starts_with("keytool: ")) GTEST_SKIP() << "no JDK: " << error;
    FAIL() << error;
  }
  ProcessResult listed =
      run({"keytool", "-list", "-v", "-keystore", (dir / "cacerts").string(), "-storepass", "changeit"});
  EXPECT_EQ(listed.exit_code, 0) << listed.stderr_text;
  EXPECT_NE(listed.stdout_text.find("cldcert-run-ca"), std::string::npos) << listed.stdout_text;
  EXPECT_NE(listed.stdout_text.find("CN=cldcert test CA"), std::string::npos);
  EXPECT_NE(listed.stdout_text.find("trustedCertEntry"), std::string::npos);
}

TEST(JavaTruststore, StoresAreExistingFilesOnly) {
  for (const auto& store : java_cacerts_stores()) EXPECT_TRUE(std::filesystem::exists(store)) << store;
}

}  // namespace
}  // namespace cldcert::network
