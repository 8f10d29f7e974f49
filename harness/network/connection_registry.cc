#include "harness/network/connection_registry.h"

namespace cldcert::network {

void ConnectionRegistry::add(int upstream_local_port, mock::RequestOrigin origin) {
  std::lock_guard lock(mutex_);
  origins_[upstream_local_port] = std::move(origin);
}

void ConnectionRegistry::remove(int upstream_local_port) {
  std::lock_guard lock(mutex_);
  origins_.erase(upstream_local_port);
}

std::optional<mock::RequestOrigin> ConnectionRegistry::find(int upstream_local_port) const {
  std::lock_guard lock(mutex_);
  auto found = origins_.find(upstream_local_port);
  if (found == origins_.end()) return std::nullopt;
  return found->second;
}

mock::OriginLookup ConnectionRegistry::lookup() const {
  // The front connects to the mock over IPv4 loopback only; any other peer is a direct client.
  return [this](const std::string& peer_address, int peer_port) -> std::optional<mock::RequestOrigin> {
    if (peer_address != "127.0.0.1") return std::nullopt;
    return find(peer_port);
  };
}

}  // namespace cldcert::network
