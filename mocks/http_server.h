// The thin socket layer: cpp-httplib in front of a MockCloudinary. Bodies are streamed
// into the mock as they arrive; nothing here knows Cloudinary.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "mocks/mock_cloudinary.h"
#include "mocks/request_origin.h"

namespace cldcert::mock {

// A certificate chain and its key, PEM files, for a server that speaks TLS itself (test-only: the
// "real Cloudinary" a live run's tests forward to; the run's own TLS is harness/network/tls_front).
struct TlsFiles {
  std::string certificate_file;
  std::string key_file;
};

class HttpServer {
 public:
  // Plain HTTP, or HTTPS with `tls`; throws when the certificate or key cannot be loaded.
  explicit HttpServer(MockCloudinary& mock, const std::optional<TlsFiles>& tls = std::nullopt);
  ~HttpServer();

  // Set before run(): each request's scheme and SNI come from it (plain http when it answers nullopt).
  void set_origin_lookup(OriginLookup lookup);
  // Binds to host:port (port 0 picks a free one); returns the port; throws when it cannot bind.
  int bind(const std::string& host, int port);
  // Serves until stop(); returns false when the listener failed.
  bool run();
  void stop();
  // Blocks until run() is accepting connections.
  void wait_until_running() const;
  // Request body bytes received so far, counted as they arrive (a 1 GiB upload counts up while it is
  // in progress): what `cldcert run`'s heartbeat shows. Shared, so a reader may outlive the server.
  std::shared_ptr<const std::atomic<std::uint64_t>> body_bytes_received() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cldcert::mock
