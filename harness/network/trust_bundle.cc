#include "harness/network/trust_bundle.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "mocks/json_problems.h"

namespace cldcert::network {
namespace {

std::filesystem::path php_ini_dir(const std::filesystem::path& bundle) { return bundle.parent_path() / "php.d"; }

}  // namespace

void write_trust_bundle(const std::filesystem::path& bundle, const std::string& ca_pem,
                        const std::filesystem::path& system_bundle) {
  const std::string system = mock::read_file_text(system_bundle).text;  // none: the run CA alone
  std::ofstream out(bundle, std::ios::binary | std::ios::trunc);
  out << system;
  if (!system.empty() && system.back() != '\n') out << '\n';
  out << ca_pem;
  if (!out.flush()) throw std::runtime_error("cannot write the trust bundle " + bundle.string());
  // https://www.php.net/manual/en/curl.configuration.php (curl.cainfo) and
  // https://www.php.net/manual/en/openssl.configuration.php (openssl.cafile, PHP's stream wrappers).
  std::filesystem::create_directories(php_ini_dir(bundle));
  std::ofstream ini(php_ini_dir(bundle) / "cldcert-trust.ini", std::ios::trunc);
  ini << "curl.cainfo=\"" << bundle.string() << "\"\nopenssl.cafile=\"" << bundle.string() << "\"\n";
  if (!ini.flush()) throw std::runtime_error("cannot write the PHP trust settings beside " + bundle.string());
}

std::string inherited_php_ini_scan_dir() {
  const char* value = std::getenv("PHP_INI_SCAN_DIR");
  return value ? value : "";
}

std::map<std::string, std::string> trust_environment(const std::filesystem::path& bundle,
                                                     const std::string& inherited_php_scan_dir) {
  // OpenSSL (Python ssl/urllib, Ruby, PHP streams) reads SSL_CERT_FILE; Node adds NODE_EXTRA_CA_CERTS to its
  // built-in store; Python requests reads REQUESTS_CA_BUNDLE over certifi's file; the curl CLI reads
  // CURL_CA_BUNDLE; PHP scans PHP_INI_SCAN_DIR, where a leading ':' keeps its own folder first
  // (https://www.php.net/manual/en/configuration.file.php, "PHP_INI_SCAN_DIR").
  std::string path = bundle.string();
  return {{"SSL_CERT_FILE", path},
          {"NODE_EXTRA_CA_CERTS", path},
          {"REQUESTS_CA_BUNDLE", path},
          {"CURL_CA_BUNDLE", path},
          {"PHP_INI_SCAN_DIR", inherited_php_scan_dir + ":" + php_ini_dir(bundle).string()}};
}

}  // namespace cldcert::network
