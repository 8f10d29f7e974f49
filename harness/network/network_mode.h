// How a run reaches an integration's traffic: `env` (CLOUDINARY_URL's upload_prefix points at the mock),
// `proxy` (real Cloudinary hosts, through HTTP(S)_PROXY at the TLS front, with the run CA trusted) or `sandbox`
// (a network namespace per scenario). One place per mode for the name and the per-step environment.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cldcert::network {

enum class NetworkMode { kEnv, kProxy, kSandbox };

std::optional<NetworkMode> parse_network_mode(std::string_view name);
std::string_view network_mode_name(NetworkMode mode);

// Where the front answers in this scenario (empty for env).
struct NetworkEndpoints {
  std::string proxy_url;               // http://127.0.0.1:PORT
  std::filesystem::path trust_bundle;  // system CAs + the run CA
};

// True when the integration's credentials carry the mock's address (CLOUDINARY_URL upload_prefix);
// false when they name Cloudinary's real hosts and the network takes the traffic to the mock.
bool credentials_point_at_mock(NetworkMode mode);

// The variables a step gets for `mode` besides its credentials: proxy → HTTPS_PROXY/HTTP_PROXY in both
// spellings, NO_PROXY/no_proxy replaced by loopback only (an inherited value could exempt Cloudinary) and the
// trust variables (trust_bundle.h); sandbox → the trust variables only (the namespace takes the traffic); env → none.
std::map<std::string, std::string> network_step_environment(NetworkMode mode, const NetworkEndpoints& endpoints);

}  // namespace cldcert::network
