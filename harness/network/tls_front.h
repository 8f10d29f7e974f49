// The network front: serves listening sockets it is handed (made here for proxy mode, or inside a network
// namespace by the sandbox), forwards Cloudinary hosts byte for byte to the mock and refuses every other host.
//
// A kTls listener terminates TLS with the leaf the SNI names (RunCa). A kPlain listener reads the first
// request head: `CONNECT host:port` (proxy mode: 200, then TLS as on a kTls listener), an absolute-form
// request (`GET http://host/… HTTP/1.1`, proxy mode: sent on in origin form, one request per connection)
// or an origin-form request judged by its Host header. A refused host is answered (TLS alert, 403 or 421)
// and recorded as an EgressAttempt. While a step probes the client's certificate checks (set_probe), new
// connections get a certificate no client should accept; what clients accepted or refused is recorded as
// TlsHandshake evidence, with every handshake a client broke off. Each forwarded connection is registered
// (ConnectionRegistry) so the mock journals its scheme, SNI and host. One thread per connection; a few 64 KiB buffers
// each, so a 1.1 GiB upload streams through with bounded memory.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "harness/network/connection_registry.h"
#include "harness/network/egress_attempt.h"
#include "harness/network/run_ca.h"
#include "harness/network/tls_handshake.h"

namespace cldcert::network {

struct FrontListener {
  enum class Kind { kTls, kPlain };
  int fd = -1;  // a listening socket; the front owns it from serve() on
  Kind kind = Kind::kPlain;
};

class TlsFront {
 public:
  // `ca`, `registry` and `probe_ca` must outlive the front; the mock listens on 127.0.0.1:upstream_port.
  // `probe_ca` issues the unknown-issuer probe's leaves: a CA no trust bundle of the run holds.
  TlsFront(RunCa& ca, ConnectionRegistry& registry, int upstream_port, RunCa* probe_ca = nullptr);
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

  // What new connections are presented from now on. Open connections are closed, so a client's next
  // request makes a new handshake (a pooled connection would otherwise skip the probe). Throws
  // std::logic_error for kUnknownIssuer without a probe CA.
  void set_probe(TlsProbe probe);
  // Handshakes the clients broke off, and every probe handshake (taken: a request followed it), in order;
  // `handshake_count` as for egress.
  std::vector<TlsHandshake> handshakes() const;
  std::size_t handshake_count() const;
  // Waits (at most `limit`) until no connection is in the middle of a handshake: a client that gave up
  // on one has exited before the front read its alert, and the step that ran it must still get the record.
  void settle(std::chrono::milliseconds limit = std::chrono::milliseconds(2000)) const;

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
