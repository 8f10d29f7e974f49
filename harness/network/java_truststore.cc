#include "harness/network/java_truststore.h"

#include <set>

#include "harness/process_runner.h"

namespace cldcert::network {
namespace fs = std::filesystem;

std::vector<fs::path> java_cacerts_stores() {
  std::vector<fs::path> candidates = {"/etc/ssl/certs/java/cacerts"};
  std::error_code ec;
  for (fs::directory_iterator it("/usr/lib/jvm", ec), end; !ec && it != end; it.increment(ec))
    candidates.push_back(it->path() / "lib/security/cacerts");
  std::vector<fs::path> stores;
  std::set<fs::path> seen;
  for (const fs::path& candidate : candidates) {
    fs::path real = fs::canonical(candidate, ec);
    if (!ec && fs::is_regular_file(real, ec) && seen.insert(real).second) stores.push_back(candidate);
  }
  return stores;
}

bool write_java_truststore(const fs::path& ca_pem, const fs::path& truststore, std::string& error) {
  std::error_code ec;
  fs::remove(truststore, ec);
  ProcessSpec keytool;
  keytool.argv = {"keytool",   "-importcert", "-noprompt",  "-alias", "cldcert-run-ca", "-file",   ca_pem,
                  "-keystore", truststore,    "-storetype", "JKS",    "-storepass",     "changeit"};
  keytool.timeout = std::chrono::seconds(60);
  ProcessResult result = run_process(keytool);
  if (result.spawn_failed) {
    error = "keytool: " + result.spawn_error;
    return false;
  }
  if (result.exit_code != 0) {
    error = "keytool failed: " + result.stdout_text + result.stderr_text;
    return false;
  }
  return true;
}

}  // namespace cldcert::network
