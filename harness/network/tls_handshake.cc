#include "harness/network/tls_handshake.h"

namespace cldcert::network {

std::string_view tls_probe_name(TlsProbe probe) {
  switch (probe) {
    case TlsProbe::kUnknownIssuer: return "unknown_issuer";
    case TlsProbe::kWrongHost: return "wrong_host";
    case TlsProbe::kNone: break;
  }
  return "";
}

std::optional<TlsProbe> parse_tls_probe(std::string_view name) {
  for (TlsProbe probe : {TlsProbe::kNone, TlsProbe::kUnknownIssuer, TlsProbe::kWrongHost}) {
    if (tls_probe_name(probe) == name) return probe;
  }
  return std::nullopt;
}

std::string describe_probe(TlsProbe probe, const std::string& host) {
  switch (probe) {
    case TlsProbe::kUnknownIssuer: return "a certificate for " + host + " from an issuer no trust store holds";
    case TlsProbe::kWrongHost: return "a certificate from the trusted run CA, but for another name than " + host;
    case TlsProbe::kNone: break;
  }
  return "the run CA's certificate for " + host;
}

}  // namespace cldcert::network
