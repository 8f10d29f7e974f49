#include "harness/network/ca_stores.h"

#include <gtest/gtest.h>

#include "harness/scratch_dir_test_support.h"

namespace cldcert::network {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

std::vector<std::pair<std::string, std::string>> listed(const std::vector<CaStore>& stores, const fs::path& base) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const CaStore& store : stores) out.emplace_back(fs::relative(store.path, base).string(), store.kind);
  return out;
}

TEST(CaStores, FindsSystemPythonAndVendoredPemStoresOnceEach) {
  ScratchDir dir("ca-stores");
  dir.write("etc/ssl/certs/ca-certificates.crt", kPem);
  dir.write("lib/python3.11/site-packages/certifi/cacert.pem", kPem);
  dir.write("lib/python3.11/site-packages/pip/_vendor/certifi/cacert.pem", kPem);
  dir.write("lib/python3/dist-packages/requests/other.pem", kPem);  // not a store's name
  dir.write("lib/perl5/site-packages/certifi/cacert.pem", kPem);    // not a python3 folder
  dir.write("app/vendor/composer/ca-bundle/res/cacert.pem", kPem);
  dir.write("app/wp-includes/certificates/ca-bundle.crt", kPem);
  dir.write("app/docs/cacert.pem", "a page about certificates, no certificate in it\n");
  dir.write("app/.git/objects/cacert.pem", kPem);
  // Debian's certifi is a link to the system bundle: one store, mounted once.
  fs::create_directories(dir / "lib/python3/dist-packages/certifi");
  fs::create_symlink(dir / "etc/ssl/certs/ca-certificates.crt", dir / "lib/python3/dist-packages/certifi/cacert.pem");

  CaStoreSearch search;
  search.system_bundles = {dir / "etc/ssl/certs/ca-certificates.crt", dir / "etc/pki/tls/certs/ca-bundle.crt"};
  search.python_library_folders = {dir / "lib"};
  search.integration_root = dir / "app";
  auto stores = listed(find_ca_stores(search), dir.path());
  std::sort(stores.begin() + 1, stores.end());
  EXPECT_EQ(stores, (std::vector<std::pair<std::string, std::string>>{
                        {"etc/ssl/certs/ca-certificates.crt", "system"},
                        {"app/vendor/composer/ca-bundle/res/cacert.pem", "vendored"},
                        {"app/wp-includes/certificates/ca-bundle.crt", "vendored"},
                        {"lib/python3.11/site-packages/certifi/cacert.pem", "python-certifi"},
                        {"lib/python3.11/site-packages/pip/_vendor/certifi/cacert.pem", "python-certifi"},
                    }));
}

TEST(CaStores, EachStoreGetsTheRunBundle) {
  auto overlays = overlays_of({{"/etc/ssl/cert.pem", "system"}, {"/app/cacert.pem", "vendored"}}, "/run/bundle.pem");
  ASSERT_EQ(overlays.size(), 2u);
  EXPECT_EQ(overlays[1].target, "/app/cacert.pem");
  EXPECT_EQ(overlays[1].source, "/run/bundle.pem");
}

TEST(CaStores, ThisMachinesSearchLooksAtTheIntegrationTree) {
  EXPECT_EQ(machine_ca_store_search("/some/integration").integration_root, "/some/integration");
}

}  // namespace
}  // namespace cldcert::network
