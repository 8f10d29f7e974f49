// How clients come to trust a run's CA without code changes: a bundle (the system's CAs + the run CA)
// and the one list of variables that point OpenSSL, curl, Node, Python requests and PHP at it.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace cldcert::network {

inline constexpr const char* kSystemCaBundle = "/etc/ssl/certs/ca-certificates.crt";

// Writes `bundle` = the system bundle (when readable) followed by `ca_pem`, and beside it php.d/cldcert-trust.ini
// naming it for PHP's curl and streams (PHP's libcurl reads its built-in bundle path, not SSL_CERT_FILE);
// throws when it cannot write.
void write_trust_bundle(const std::filesystem::path& bundle, const std::string& ca_pem,
                        const std::filesystem::path& system_bundle = kSystemCaBundle);

// PHP_INI_SCAN_DIR as cldcert was started with it ("" when unset).
std::string inherited_php_ini_scan_dir();

// SSL_CERT_FILE, NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, each pointing at `bundle`, and
// PHP_INI_SCAN_DIR adding the ini written beside it to the folders PHP scans: its own, or those the
// environment cldcert was started in names (`inherited_php_scan_dir`, kept first).
std::map<std::string, std::string> trust_environment(
    const std::filesystem::path& bundle, const std::string& inherited_php_scan_dir = inherited_php_ini_scan_dir());

}  // namespace cldcert::network
