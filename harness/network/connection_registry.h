// Which client connection each of the front's connections to the mock carries: keyed by the local port
// of the front's upstream socket (the mock's peer port), so the mock can journal each request's scheme and SNI.
#pragma once

#include <map>
#include <mutex>
#include <optional>

#include "mocks/request_origin.h"

namespace cldcert::network {

class ConnectionRegistry {
 public:
  void add(int upstream_local_port, mock::RequestOrigin origin);
  void remove(int upstream_local_port);
  std::optional<mock::RequestOrigin> find(int upstream_local_port) const;
  // The hook mock::HttpServer asks with a request's peer address and port (only 127.0.0.1 peers match).
  mock::OriginLookup lookup() const;

 private:
  mutable std::mutex mutex_;
  std::map<int, mock::RequestOrigin> origins_;
};

}  // namespace cldcert::network
