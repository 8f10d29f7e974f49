// The network front: serves listening sockets it is handed (made here for proxy mode, or inside a network
// namespace by the sandbox), forwards Cloudinary hosts byte for byte to the mock and refuses every other host.
//
// A kTls listener terminates TLS with the leaf the SNI names (RunCa). A kPlain listener reads the first
// request head: `CONNECT host:port` (proxy mode: 200, then TLS as on a kTls listener), an absolute-form
// request (`GET http://host/… HTTP/1.1`, proxy mode: sent on in origin form, one request per connection)
// or an origin-form request judged by its Host header. A refused host is answered (TLS alert, 403 or 421)
// and recorded as an EgressAttempt. Each forwarded connection is registered (ConnectionRegistry) so the
// mock journals its scheme, SNI and host. One thread per connection; a few 64 KiB buffers each, so a
// 1.1 GiB upload streams through with bounded memory.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "harness/network/connection_registry.h"
#include "harness/network/egress_attempt.h"
#include "harness/network/run_ca.h"

namespace cldcert::network {

struct FrontListener {
  enum class Kind { kTls, kPlain };
  int fd = -1;  // a listening socket; the front owns it from serve() on
  Kind kind = Kind::kPlain;
};

class TlsFront {
 public:
  // `ca` and `registry` must outlive the front; the mock listens on 127.0.0.1:upstream_port.
  TlsFront(RunCa& ca, ConnectionRegistry& registry, int upstream_port);
  ~TlsFront();  // stop()
  TlsFront(const TlsFront&) = delete;
  TlsFront& operator=(const TlsFront&) = delete;

  // Starts accepting on every listener (its own thread); returns at once.
  void serve(std::vector<FrontListener> listeners);
  // Closes the listeners and every open connection, and joins the threads.
  void stop();

  // Every refused attempt so far, in order; `egress_count` to take the ones a step made.
  std::vector<EgressAttempt> egress() const;
  std::size_t egress_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A listening TCP socket on 127.0.0.1 (port 0 picks a free one); throws when it cannot listen.
int listen_on_loopback(int port = 0);
// A TCP connection to 127.0.0.1:port (Nagle off), or -1.
int connect_loopback(int port);
// The port a bound socket listens on.
int local_port_of(int fd);

}  // namespace cldcert::network
