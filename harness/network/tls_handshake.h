// A TLS handshake the network front saw a client refuse, or accept while the front presented a probe
// certificate no trust store holds: step evidence (StepRecord::tls) for network.tls_verified and the trust hint.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cldcert::network {

// What the front presents on new connections: the run CA's leaf for the name asked (the normal case), or,
// while a scenario step probes the client's verification, a leaf no client should accept.
enum class TlsProbe {
  kNone,
  kUnknownIssuer,  // a leaf for the right name, from a CA made for the probe and trusted nowhere
  kWrongHost,      // a leaf from the trusted run CA, for a name that is not the one asked for
};

struct TlsHandshake {
  std::string host;  // the name the client asked for (SNI, else the CONNECT target)
  int port = 0;
  TlsProbe probe = TlsProbe::kNone;  // what the front presented
  bool accepted = false;             // the client took the certificate: a request followed the handshake
  std::string alert;                 // why it failed, as OpenSSL reads the client's alert ("tlsv1 alert unknown ca")
  std::int64_t unix_ms = 0;
};

// "unknown_issuer", "wrong_host", or "" for none: the scenario's "tls_probe" and the evidence's spelling.
std::string_view tls_probe_name(TlsProbe probe);
// nullopt when `name` is none of those.
std::optional<TlsProbe> parse_tls_probe(std::string_view name);
// What a finding says the front presented: "a certificate from an unknown issuer for api.cloudinary.com".
std::string describe_probe(TlsProbe probe, const std::string& host);

}  // namespace cldcert::network
