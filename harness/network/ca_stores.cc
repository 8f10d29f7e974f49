#include "harness/network/ca_stores.h"

#include <array>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string_view>

namespace cldcert::network {
namespace fs = std::filesystem;

namespace {

// Names of bundles shipped inside applications and libraries: curl's and certifi's cacert.pem (also
// Guzzle's composer/ca-bundle, WordPress Requests), WordPress core's wp-includes/certificates/ca-bundle.crt.
constexpr std::array<std::string_view, 5> kBundleNames = {"cacert.pem", "ca-bundle.crt", "ca-bundle.pem",
                                                          "ca-certificates.crt", "cacert.crt"};
// Folders never searched: version control, and trees too large to walk for no gain.
constexpr std::array<std::string_view, 2> kSkippedFolders = {".git", ".hg"};
constexpr std::size_t kMaxEntriesWalked = 200000;

bool holds_pem_certificate(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head.find("-----BEGIN CERTIFICATE-----") != std::string::npos;
}

bool is_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

class StoreList {
 public:
  void add(const fs::path& path, const std::string& kind) {
    std::error_code ec;
    fs::path canonical = fs::canonical(path, ec);
    if (ec || !seen_.insert(canonical).second) return;
    stores_.push_back({path, kind});
  }
  std::vector<CaStore> take() { return std::move(stores_); }

 private:
  std::set<fs::path> seen_;
  std::vector<CaStore> stores_;
};

void add_python_stores(const fs::path& library, StoreList& stores) {
  std::error_code ec;
  for (fs::directory_iterator it(library, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->path().filename().string().starts_with("python3")) continue;
    for (const char* packages : {"site-packages", "dist-packages"}) {
      for (const char* certifi : {"certifi", "pip/_vendor/certifi"}) {
        fs::path store = it->path() / packages / certifi / "cacert.pem";
        if (is_file(store)) stores.add(store, "python-certifi");
      }
    }
  }
}

void add_vendored_stores(const fs::path& root, StoreList& stores) {
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  for (std::size_t walked = 0; !ec && it != end && walked < kMaxEntriesWalked; it.increment(ec), ++walked) {
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec)) {
      for (std::string_view skipped : kSkippedFolders)
        if (name == skipped) it.disable_recursion_pending();
      continue;
    }
    for (std::string_view bundle : kBundleNames)
      if (name == bundle && is_file(it->path()) && holds_pem_certificate(it->path()))
        stores.add(it->path(), "vendored");
  }
}

}  // namespace

CaStoreSearch machine_ca_store_search(const fs::path& integration_root) {
  CaStoreSearch search;
  search.system_bundles = {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
                           "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/ssl/cert.pem"};
  search.python_library_folders = {"/usr/lib", "/usr/local/lib"};
  if (const char* home = std::getenv("HOME")) {
    search.python_library_folders.push_back(fs::path(home) / ".local/lib");
    std::error_code ec;
    for (fs::directory_iterator it(fs::path(home) / ".pyenv/versions", ec), end; !ec && it != end; it.increment(ec))
      search.python_library_folders.push_back(it->path() / "lib");
  }
  search.integration_root = integration_root;
  return search;
}

std::vector<CaStore> find_ca_stores(const CaStoreSearch& search) {
  StoreList stores;
  for (const fs::path& bundle : search.system_bundles)
    if (is_file(bundle)) stores.add(bundle, "system");
  for (const fs::path& library : search.python_library_folders) add_python_stores(library, stores);
  if (!search.integration_root.empty()) add_vendored_stores(search.integration_root, stores);
  return stores.take();
}

std::vector<FileOverlay> overlays_of(const std::vector<CaStore>& stores, const fs::path& bundle) {
  std::vector<FileOverlay> overlays;
  for (const CaStore& store : stores) overlays.push_back({store.path, bundle});
  return overlays;
}

}  // namespace cldcert::network
