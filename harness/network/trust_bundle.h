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

// SSL_CERT_FILE, NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, each pointing at `bundle`, and
// PHP_INI_SCAN_DIR adding the ini written beside it to PHP's own.
std::map<std::string, std::string> trust_environment(const std::filesystem::path& bundle);

}  // namespace cldcert::network
