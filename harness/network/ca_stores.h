// Where clients keep the CA certificates they trust (the system bundle, Python's certifi, PEM bundles
// vendored in the integration's tree), found so the sandbox can mount the run's bundle over each one.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "harness/network/namespace_sandbox.h"

namespace cldcert::network {

struct CaStore {
  std::filesystem::path path;
  std::string kind;  // "system", "python-certifi", "vendored"
};

struct CaStoreSearch {
  // System bundles checked by path (those that exist are stores).
  std::vector<std::filesystem::path> system_bundles;
  // Library folders whose python3* folders hold site-packages / dist-packages.
  std::vector<std::filesystem::path> python_library_folders;
  // The integration's tree, walked for vendored bundles (an empty path: none).
  std::filesystem::path integration_root;
};

// The system bundles of Debian, RHEL/Fedora and Alpine, and the Python library folders of this machine
// (/usr/lib, /usr/local/lib, ~/.local/lib and each pyenv version's lib).
CaStoreSearch machine_ca_store_search(const std::filesystem::path& integration_root);

// The PEM stores found, each once (by canonical path), in the order system, python, vendored. A vendored
// candidate is a file named like a bundle (cacert.pem, ca-bundle.crt, …) holding a PEM certificate.
std::vector<CaStore> find_ca_stores(const CaStoreSearch& search);

// `bundle` mounted over each store.
std::vector<FileOverlay> overlays_of(const std::vector<CaStore>& stores, const std::filesystem::path& bundle);

}  // namespace cldcert::network
