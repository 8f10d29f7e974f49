#include "harness/network/tls_front.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <set>
#include <stdexcept>
#include <string_view>

#include "mocks/utc_time.h"
#include "harness/network/cloudinary_hosts.h"
#include "mocks/text.h"

namespace cldcert::network {
namespace {

constexpr std::size_t kMaxHeadBytes = 64 * 1024;
constexpr std::size_t kBufferBytes = 64 * 1024;

// A peer gone mid-write must end its connection, not the process: SIGPIPE stays blocked on the
// front's threads (a pending one dies with the thread), whatever the process's disposition.
void block_sigpipe_on_this_thread() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

bool write_all_fd(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// The client side of a connection: the socket itself, or TLS over it once terminated.
struct ClientStream {
  int fd = -1;
  SSL* ssl = nullptr;

  // >0 bytes, 0 at end of stream, <0 on error.
  long read(char* buffer, std::size_t size) {
    if (ssl == nullptr) {
      ssize_t n;
      do n = ::recv(fd, buffer, size, 0);
      while (n < 0 && errno == EINTR);
      return n;
    }
    int n = SSL_read(ssl, buffer, static_cast<int>(size));
    if (n > 0) return n;
    return SSL_get_error(ssl, n) == SSL_ERROR_ZERO_RETURN ? 0 : -1;
  }
  bool write(const char* data, std::size_t size) {
    if (ssl == nullptr) return write_all_fd(fd, data, size);
    while (size > 0) {
      int n = SSL_write(ssl, data, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
      if (n <= 0) return false;
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return true;
  }
  bool write(std::string_view text) { return write(text.data(), text.size()); }
  bool has_buffered() const { return ssl != nullptr && SSL_pending(ssl) > 0; }
};

// The first request of a connection, as far as the front needs it.
struct RequestHead {
  std::string method;
  std::string target;
  std::string version;
  std::vector<std::string> header_lines;  // "Name: value", as sent
  std::string rest;                       // bytes read past the head (the body's start)

  std::string header(std::string_view name) const {
    for (const auto& line : header_lines) {
      std::size_t colon = line.find(':');
      if (colon != std::string::npos && text::iequals(std::string_view(line).substr(0, colon), name)) {
        return std::string(text::trim(std::string_view(line).substr(colon + 1)));
      }
    }
    return "";
  }
};

// Reads up to the blank line ending a request head; nullopt on a closed, oversized or malformed head.
std::optional<RequestHead> read_head(ClientStream& client) {
  std::string data;
  char buffer[16 * 1024];
  std::size_t end = std::string::npos;
  while ((end = data.find("\r\n\r\n")) == std::string::npos) {
    if (data.size() > kMaxHeadBytes) return std::nullopt;
    long n = client.read(buffer, sizeof buffer);
    if (n <= 0) return std::nullopt;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  RequestHead head;
  head.rest = data.substr(end + 4);
  std::string_view text = std::string_view(data).substr(0, end);
  std::size_t line_end = text.find("\r\n");
  std::string_view request_line = text.substr(0, line_end);
  std::size_t first = request_line.find(' ');
  std::size_t last = request_line.rfind(' ');
  if (first == std::string_view::npos || last == first) return std::nullopt;
  head.method = std::string(request_line.substr(0, first));
  head.target = std::string(request_line.substr(first + 1, last - first - 1));
  head.version = std::string(request_line.substr(last + 1));
  while (line_end != std::string_view::npos) {
    std::size_t start = line_end + 2;
    line_end = text.find("\r\n", start);
    head.header_lines.emplace_back(
        text.substr(start, line_end == std::string_view::npos ? line_end : line_end - start));
  }
  return head;
}

std::string serialize(const RequestHead& head) {
  std::string out = head.method + " " + head.target + " " + head.version + "\r\n";
  for (const auto& line : head.header_lines) out += line + "\r\n";
  return out + "\r\n";
}

bool is_header(const std::string& line, std::string_view name) {
  std::size_t colon = line.find(':');
  return colon != std::string::npos && text::iequals(std::string_view(line).substr(0, colon), name);
}

// An absolute-form request (RFC 9112 §3.2.2) made origin-form for the mock, one request per connection:
// the front does not parse bodies, so the next request on the connection could not be rewritten.
void to_origin_form(RequestHead& head, std::string_view origin_path) {
  head.target = origin_path.empty() ? "/" : std::string(origin_path);
  std::erase_if(head.header_lines, [](const std::string& line) {
    return is_header(line, "Proxy-Connection") || is_header(line, "Proxy-Authorization") ||
           is_header(line, "Connection") || is_header(line, "Keep-Alive");
  });
  head.header_lines.emplace_back("Connection: close");
}

std::string plain_answer(int status, std::string_view reason, std::string_view message) {
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) +
         "\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: " + std::to_string(message.size()) +
         "\r\n\r\n" + std::string(message);
}

struct Authority {
  std::string host;
  int port = 0;
};

// "host:port", "[v6]:port" or a bare host (default_port then).
Authority parse_authority(std::string_view authority, int default_port) {
  Authority out{hostname_of(authority), default_port};
  std::size_t port_colon = std::string_view::npos;
  if (authority.starts_with('[')) {
    std::size_t bracket = authority.find(']');
    if (bracket != std::string_view::npos && bracket + 1 < authority.size() && authority[bracket + 1] == ':') {
      port_colon = bracket + 1;
    }
  } else if (authority.find(':') == authority.rfind(':')) {
    port_colon = authority.find(':');
  }
  if (port_colon == std::string_view::npos) return out;
  int port = 0;
  for (char c : authority.substr(port_colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) return out;
    port = port * 10 + (c - '0');
  }
  if (port > 0 && port <= 65535) out.port = port;
  return out;
}

}  // namespace

int listen_on_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("network front: cannot make a socket");
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 128) != 0) {
    ::close(fd);
    throw std::runtime_error("network front: cannot listen on 127.0.0.1:" + std::to_string(port));
  }
  return fd;
}

int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

int local_port_of(int fd) {
  sockaddr_storage address{};
  socklen_t size = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) return -1;
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

// A name no client asks for: the wrong-host probe's leaf is issued for it.
constexpr const char* kWrongHostName = "not-the-host-you-asked-for.cldcert.invalid";

struct TlsFront::Impl {
  RunCa& ca;
  ConnectionRegistry& registry;
  int upstream_port;
  RunCa* probe_ca;
  SSL_CTX* dispatch = nullptr;  // presents no certificate itself: the SNI callback picks the leaf's context

  std::vector<FrontListener> listeners;
  std::vector<std::thread> acceptors;
  int wake[2] = {-1, -1};  // written on stop(): the acceptors' poll() returns

  mutable std::mutex mutex;
  std::condition_variable idle;
  bool stopping = false;
  std::set<int> open_fds;  // shut down on stop() so every connection thread returns
  std::size_t connections = 0;
  std::vector<EgressAttempt> refused;
  TlsProbe probe = TlsProbe::kNone;
  std::vector<TlsHandshake> handshakes;
  std::size_t handshaking = 0;  // connections inside accept_tls
  mutable std::condition_variable settled;

  Impl(RunCa& c, ConnectionRegistry& r, int port, RunCa* p) : ca(c), registry(r), upstream_port(port), probe_ca(p) {}

  void record_handshake(TlsHandshake handshake) {
    handshake.unix_ms = mock::unix_ms_now();
    std::lock_guard lock(mutex);
    handshakes.push_back(std::move(handshake));
  }

  void record_egress(std::string host, int port, std::string how) {
    std::lock_guard lock(mutex);
    refused.push_back({std::move(host), port, std::move(how), mock::unix_ms_now()});
  }

  bool track(int fd) {
    std::lock_guard lock(mutex);
    if (stopping) return false;
    open_fds.insert(fd);
    return true;
  }
  void untrack(int fd) {
    std::lock_guard lock(mutex);
    open_fds.erase(fd);
  }

  void accept_loop(FrontListener listener) {
    block_sigpipe_on_this_thread();
    pollfd fds[2] = {{listener.fd, POLLIN, 0}, {wake[0], POLLIN, 0}};
    while (true) {
      if (::poll(fds, 2, -1) < 0 && errno != EINTR) return;
      if (fds[1].revents != 0) return;
      if ((fds[0].revents & POLLIN) == 0) continue;
      int client = ::accept4(listener.fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      {
        std::lock_guard lock(mutex);
        if (stopping) {
          ::close(client);
          return;
        }
        ++connections;
        open_fds.insert(client);
      }
      std::thread([this, client, kind = listener.kind] {
        block_sigpipe_on_this_thread();
        serve_connection(client, kind);
        std::lock_guard lock(mutex);
        open_fds.erase(client);
        ::close(client);
        if (--connections == 0) idle.notify_all();
      }).detach();
    }
  }

  // What the SNI callback knows of its connection.
  struct Handshake {
    Impl* front = nullptr;
    std::string fallback_host;  // the CONNECT target, for a client that sends no SNI
    std::string sni;
    int port = 0;
    bool refused = false;
    TlsProbe probe = TlsProbe::kNone;  // what this connection is presented, fixed when it was accepted
  };

  static int on_server_name(SSL* ssl, int*, void*) {
    auto* handshake = static_cast<Handshake*>(SSL_get_app_data(ssl));
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    std::string host = name != nullptr ? hostname_of(name) : handshake->fallback_host;
    if (name != nullptr) handshake->sni = host;
    if (name != nullptr && !is_cloudinary_host(host)) {
      handshake->refused = true;
      handshake->front->record_egress(host, handshake->port, "sni");
      return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    if (host.empty()) host = "localhost";
    Impl& front = *handshake->front;
    SSL_CTX* leaf = handshake->probe == TlsProbe::kUnknownIssuer ? front.probe_ca->server_context_for(host)
                    : handshake->probe == TlsProbe::kWrongHost   ? front.ca.server_context_for(kWrongHostName)
                                                                 : front.ca.server_context_for(host);
    SSL_set_SSL_CTX(ssl, leaf);
    return SSL_TLSEXT_ERR_OK;
  }

  // Terminates TLS on `client` and reads the first request head through it; nullopt when the handshake
  // failed, the SNI was refused or no request came. Recorded: a handshake the client broke off with an
  // alert, and a probe's outcome either way. A probe counts as taken only when a request follows it: some
  // clients (curl) check the name after the handshake has completed, then close.
  std::optional<RequestHead> accept_tls_request(ClientStream& client, Handshake& handshake) {
    client.ssl = SSL_new(dispatch);
    if (client.ssl == nullptr) return std::nullopt;
    {
      std::lock_guard lock(mutex);
      handshake.probe = probe;
      ++handshaking;
    }
    auto done_handshaking = [this] {
      std::lock_guard lock(mutex);
      if (--handshaking == 0) settled.notify_all();
    };
    SSL_set_app_data(client.ssl, &handshake);
    SSL_set_fd(client.ssl, client.fd);
    bool ok = SSL_accept(client.ssl) == 1;
    std::string alert;
    if (!ok) {
      unsigned long error = ERR_peek_last_error();
      const char* reason = error != 0 ? ERR_reason_error_string(error) : nullptr;
      alert = reason != nullptr ? reason : "the client closed the connection during the handshake";
    }
    ERR_clear_error();
    const std::string host = handshake.sni.empty() ? handshake.fallback_host : handshake.sni;
    if (!ok) {
      // A client's alert says it refused the certificate; other failures (a scanner, a dropped connection)
      // are noise unless a probe was up, when any refusal is the answer.
      if (!handshake.refused && (handshake.probe != TlsProbe::kNone || alert.find("alert") != std::string::npos))
        record_handshake({host, handshake.port, handshake.probe, false, alert, 0});
      done_handshaking();
      return std::nullopt;
    }
    if (handshake.probe == TlsProbe::kNone) {
      done_handshaking();  // a kept-alive client may send its request much later
      return read_head(client);
    }
    auto head = read_head(client);
    record_handshake({host, handshake.port, handshake.probe, head.has_value(),
                      head ? "" : "no request after the handshake (the client checked the certificate then)", 0});
    done_handshaking();
    return head;
  }

  void serve_connection(int fd, FrontListener::Kind kind) {
    ClientStream client{fd, nullptr};
    int listener_port = local_port_of(fd);
    Handshake handshake{this, "", "", listener_port, false};
    mock::RequestOrigin origin;
    std::optional<RequestHead> head;
    if (kind == FrontListener::Kind::kTls) {
      head = accept_tls_request(client, handshake);
      origin = {"https", handshake.sni};
    } else {
      head = read_head(client);
    }
    if (!head) return finish(client);

    if (kind == FrontListener::Kind::kPlain && text::iequals(head->method, "CONNECT")) {
      Authority target = parse_authority(head->target, 443);
      if (!is_cloudinary_host(target.host)) {
        record_egress(target.host, target.port, "connect");
        client.write(plain_answer(403, "Forbidden", "cldcert: " + target.host + " is not a Cloudinary host\n"));
        return finish(client);
      }
      if (!client.write("HTTP/1.1 200 Connection established\r\n\r\n")) return finish(client);
      if (target.port != 80) {
        handshake = Handshake{this, target.host, "", target.port, false};
        head = accept_tls_request(client, handshake);
        origin = {"https", handshake.sni};
      } else {
        head = read_head(client);
      }
      if (!head) return finish(client);
    } else if (kind == FrontListener::Kind::kPlain &&
               (head->target.starts_with("http://") || head->target.starts_with("https://"))) {
      bool secure = head->target.starts_with("https://");
      std::string_view rest = std::string_view(head->target).substr(secure ? 8 : 7);
      std::size_t slash = rest.find_first_of("/?");
      Authority target = parse_authority(rest.substr(0, slash), secure ? 443 : 80);
      if (!is_cloudinary_host(target.host)) {
        record_egress(target.host, target.port, "absolute_url");
        client.write(plain_answer(403, "Forbidden", "cldcert: " + target.host + " is not a Cloudinary host\n"));
        return finish(client);
      }
      std::string path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
      if (path.starts_with('?')) path = "/" + path;
      to_origin_form(*head, path);
    }

    // The Host header must name a Cloudinary host too: a client could send a Cloudinary SNI (or CONNECT)
    // and ask for another host inside it.
    std::string host_header = head->header("Host");
    if (!host_header.empty()) {
      Authority named = parse_authority(host_header, origin.scheme == "https" ? 443 : 80);
      if (!is_cloudinary_host(named.host)) {
        record_egress(named.host, named.port, "host_header");
        client.write(
            plain_answer(421, "Misdirected Request", "cldcert: " + named.host + " is not a Cloudinary host\n"));
        return finish(client);
      }
    }
    forward(client, origin, serialize(*head) + head->rest);
  }

  // Sends `first_bytes` to the mock, then copies bytes both ways until the mock or the client is done.
  void forward(ClientStream& client, const mock::RequestOrigin& origin, const std::string& first_bytes) {
    int upstream = connect_loopback(upstream_port);
    if (upstream < 0) {
      client.write(plain_answer(502, "Bad Gateway", "cldcert: the mock is not answering\n"));
      return finish(client);
    }
    if (!track(upstream)) {
      ::close(upstream);
      return finish(client);
    }
    int local_port = local_port_of(upstream);
    registry.add(local_port, origin);
    pump(client, upstream, first_bytes);
    registry.remove(local_port);
    untrack(upstream);
    ::close(upstream);
    finish(client);
  }

  void pump(ClientStream& client, int upstream, const std::string& first_bytes) {
    if (!write_all_fd(upstream, first_bytes.data(), first_bytes.size())) return;
    std::vector<char> buffer(kBufferBytes);
    bool client_open = true;
    while (true) {
      pollfd fds[2] = {{client.fd, static_cast<short>(client_open ? POLLIN : 0), 0}, {upstream, POLLIN, 0}};
      if (!client.has_buffered()) {
        if (::poll(fds, 2, -1) < 0) {
          if (errno == EINTR) continue;
          return;
        }
      } else {
        fds[0].revents = POLLIN;
        fds[1].revents = 0;
      }
      if (client_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        long n = client.read(buffer.data(), buffer.size());
        if (n > 0) {
          if (!write_all_fd(upstream, buffer.data(), static_cast<std::size_t>(n))) return;
        } else {
          // The client finished sending; the mock may still be answering.
          client_open = false;
          ::shutdown(upstream, SHUT_WR);
          if (n < 0) return;
        }
      }
      if ((fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        ssize_t n = ::recv(upstream, buffer.data(), buffer.size(), 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        if (!client.write(buffer.data(), static_cast<std::size_t>(n))) return;
      }
    }
  }

  void finish(ClientStream& client) {
    if (client.ssl != nullptr) {
      SSL_shutdown(client.ssl);
      SSL_free(client.ssl);
      client.ssl = nullptr;
      ERR_clear_error();
    }
    ::shutdown(client.fd, SHUT_RDWR);
  }
};

TlsFront::TlsFront(RunCa& ca, ConnectionRegistry& registry, int upstream_port, RunCa* probe_ca)
    : impl_(std::make_unique<Impl>(ca, registry, upstream_port, probe_ca)) {
  impl_->dispatch = SSL_CTX_new(TLS_server_method());
  if (impl_->dispatch == nullptr) throw std::runtime_error("network front: cannot make a TLS context");
  SSL_CTX_set_min_proto_version(impl_->dispatch, TLS1_2_VERSION);
  SSL_CTX_set_tlsext_servername_callback(impl_->dispatch, &Impl::on_server_name);
  if (::pipe2(impl_->wake, O_CLOEXEC) != 0) throw std::runtime_error("network front: cannot make a pipe");
}

TlsFront::~TlsFront() {
  stop();
  SSL_CTX_free(impl_->dispatch);
  ::close(impl_->wake[0]);
  ::close(impl_->wake[1]);
}

void TlsFront::serve(std::vector<FrontListener> listeners) {
  for (const auto& listener : listeners) {
    impl_->listeners.push_back(listener);
    impl_->acceptors.emplace_back([impl = impl_.get(), listener] { impl->accept_loop(listener); });
  }
}

void TlsFront::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopping) return;
    impl_->stopping = true;
    for (int fd : impl_->open_fds) ::shutdown(fd, SHUT_RDWR);
  }
  char byte = 0;
  [[maybe_unused]] ssize_t written = ::write(impl_->wake[1], &byte, 1);
  for (auto& acceptor : impl_->acceptors) acceptor.join();
  for (const auto& listener : impl_->listeners) ::close(listener.fd);
  std::unique_lock lock(impl_->mutex);
  impl_->idle.wait(lock, [this] { return impl_->connections == 0; });
}

std::vector<EgressAttempt> TlsFront::egress() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->refused;
}

std::size_t TlsFront::egress_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->refused.size();
}

void TlsFront::set_probe(TlsProbe probe) {
  if (probe == TlsProbe::kUnknownIssuer && impl_->probe_ca == nullptr)
    throw std::logic_error("network front: an unknown-issuer probe needs a probe CA");
  std::lock_guard lock(impl_->mutex);
  impl_->probe = probe;
  for (int fd : impl_->open_fds) ::shutdown(fd, SHUT_RDWR);
}

std::vector<TlsHandshake> TlsFront::handshakes() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->handshakes;
}

std::size_t TlsFront::handshake_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->handshakes.size();
}

void TlsFront::settle(std::chrono::milliseconds limit) const {
  std::unique_lock lock(impl_->mutex);
  impl_->settled.wait_for(lock, limit, [this] { return impl_->handshaking == 0; });
}

}  // namespace cldcert::network
