#include "harness/network/network_mode.h"

#include "harness/network/trust_bundle.h"

namespace cldcert::network {

std::optional<NetworkMode> parse_network_mode(std::string_view name) {
  if (name == "env") return NetworkMode::kEnv;
  if (name == "proxy") return NetworkMode::kProxy;
  return std::nullopt;
}

std::string_view network_mode_name(NetworkMode mode) {
  switch (mode) {
    case NetworkMode::kEnv: return "env";
    case NetworkMode::kProxy: return "proxy";
  }
  return "env";
}

bool credentials_point_at_mock(NetworkMode mode) { return mode == NetworkMode::kEnv; }

std::map<std::string, std::string> network_step_environment(NetworkMode mode, const NetworkEndpoints& endpoints) {
  if (mode == NetworkMode::kEnv) return {};
  // curl and libcurl read only the lower-case http_proxy (a CGI client could be sent HTTP_PROXY by
  // a request header); Python, Node agents and Go read either: both spellings, every client covered.
  std::map<std::string, std::string> env = trust_environment(endpoints.trust_bundle);
  for (const char* name : {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"}) {
    env[name] = endpoints.proxy_url;
  }
  // Loopback stays direct (an integration's own host platform is not egress); an inherited NO_PROXY
  // naming a Cloudinary host would let a client past the front, so it is replaced, never merged.
  for (const char* name : {"NO_PROXY", "no_proxy"}) env[name] = "localhost,127.0.0.1,::1";
  return env;
}

}  // namespace cldcert::network
