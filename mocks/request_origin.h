// How a connection reached the mock when something in front of it knows better than its socket: the
// network front (harness/network/tls_front.h) terminates TLS and tells the mock the scheme and SNI.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace cldcert::mock {

struct RequestOrigin {
  std::string scheme = "http";
  std::string sni;
};

// Asked with a request's peer address and port; nullopt when the peer is a direct client.
using OriginLookup = std::function<std::optional<RequestOrigin>(const std::string& peer_address, int peer_port)>;

}  // namespace cldcert::mock
