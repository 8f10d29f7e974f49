#include "harness/network/run_ca.h"

#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "harness/scratch_dir_test_support.h"
#include "mocks/mock_test_support.h"

namespace cldcert::network {
namespace {

using mock::testing_support::read_file;

// Verifies the leaf of `context` against the CA certificate in `ca_file`, for `host`.
bool leaf_verifies(SSL_CTX* context, const std::filesystem::path& ca_file, const std::string& host) {
  X509* leaf = SSL_CTX_get0_certificate(context);
  X509_STORE* store = X509_STORE_new();
  X509_STORE_load_file(store, ca_file.c_str());
  X509_STORE_CTX* verify = X509_STORE_CTX_new();
  X509_STORE_CTX_init(verify, store, leaf, nullptr);
  X509_VERIFY_PARAM_set1_host(X509_STORE_CTX_get0_param(verify), host.c_str(), 0);
  X509_VERIFY_PARAM_set_purpose(X509_STORE_CTX_get0_param(verify), X509_PURPOSE_SSL_SERVER);
  bool ok = X509_verify_cert(verify) == 1;
  X509_STORE_CTX_free(verify);
  X509_STORE_free(store);
  return ok;
}

TEST(RunCa, WritesOnlyTheCertificateIntoTheRunFolder) {
  ScratchDir dir("run-ca");
  auto ca = RunCa::create(dir.path());
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) names.push_back(entry.path().filename());
  EXPECT_EQ(names, std::vector<std::string>{"ca.pem"});
  std::string pem = read_file(ca->certificate_file());
  EXPECT_NE(pem.find("BEGIN CERTIFICATE"), std::string::npos);
  EXPECT_EQ(pem.find("PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(pem, ca->certificate_pem());
  ca->server_context_for("api.cloudinary.com");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1) << "a leaf wrote a file";
}

TEST(RunCa, LeafNamesItsHostAndChainsToTheRunCaOnly) {
  ScratchDir dir("run-ca");
  auto ca = RunCa::create(dir.path());
  SSL_CTX* api = ca->server_context_for("api.cloudinary.com");
  EXPECT_TRUE(leaf_verifies(api, ca->certificate_file(), "api.cloudinary.com"));
  EXPECT_FALSE(leaf_verifies(api, ca->certificate_file(), "res.cloudinary.com"));

  ScratchDir other_dir("run-ca-other");
  auto other = RunCa::create(other_dir.path());
  EXPECT_FALSE(leaf_verifies(api, other->certificate_file(), "api.cloudinary.com")) << "two runs, one key";
}

TEST(RunCa, LeavesAreIssuedOncePerHostAcrossThreads) {
  ScratchDir dir("run-ca");
  auto ca = RunCa::create(dir.path());
  std::vector<std::thread> threads;
  std::vector<SSL_CTX*> seen(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back(
        [&, i] { seen[i] = ca->server_context_for(i % 2 ? "res.cloudinary.com" : "api.cloudinary.com"); });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::set<SSL_CTX*>(seen.begin(), seen.end()).size(), 2u);
  EXPECT_EQ(ca->server_context_for("api.cloudinary.com"), seen[0]);
}

}  // namespace
}  // namespace cldcert::network
