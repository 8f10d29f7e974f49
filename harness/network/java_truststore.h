// Java's CA store for the sandbox: a JKS truststore holding the run CA, mounted over the JDK's
// cacerts (Java ignores PEM bundles and SSL_CERT_FILE), so a JVM client trusts the mock without
// JAVA_TOOL_OPTIONS, whose "Picked up …" line would tell the integration it is being tested.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace cldcert::network {

// The JDK's default truststores on this machine (Debian's /etc/ssl/certs/java/cacerts, the cacerts of
// each JVM under /usr/lib/jvm), existing ones only; empty when no JDK is installed.
std::vector<std::filesystem::path> java_cacerts_stores();

// Writes `truststore` holding the certificate of `ca_pem`, with keytool. JKS, as Debian's cacerts: a JVM
// opens cacerts without a password (javax.net.ssl.trustStorePassword unset), which reads a JKS's
// certificates but not a keytool PKCS12's (they are encrypted); "changeit" is the JDK's usual password. False and
// `error` set when keytool is missing or fails.
bool write_java_truststore(const std::filesystem::path& ca_pem, const std::filesystem::path& truststore,
                           std::string& error);

}  // namespace cldcert::network
