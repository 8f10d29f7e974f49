#include "mocks/http_server.h"

#include <httplib.h>

#include <fstream>
#include <iostream>
#include <limits>
#include <stdexcept>
#include <thread>

#include "mocks/connection_workers.h"
#include "mocks/text.h"

namespace cldcert::mock {
namespace {

// Every connection holds a thread for its life (see connection_workers.h). SDKs keep a few
// keep-alive connections, chunked uploads send up to ten at once, a browser six per host: 512
// leaves room for every honest client, and stray idle or trickling connections, while still
// bounding what a runaway integration can make the mock allocate.
constexpr std::size_t kMaxConnectionThreads = 512;

HttpRequestHead head_of(const httplib::Request& req, const OriginLookup& origin_of) {
  HttpRequestHead head;
  head.method = req.method;
  head.path = req.path;
  head.target = req.target;
  std::size_t question = req.target.find('?');
  if (question != std::string::npos) head.query = req.target.substr(question + 1);
  head.query_params = parse_query_string(head.query);
  for (const auto& [name, value] : req.headers) {
    // cpp-httplib adds these itself; they were not sent by the client.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT") continue;
    head.headers.emplace_back(name, value);
  }
  head.remote_address = req.remote_addr;
  if (origin_of) {
    if (auto origin = origin_of(req.remote_addr, req.remote_port)) {
      head.scheme = origin->scheme;
      head.sni = origin->sni;
    }
  }
  return head;
}

// The mock answers a Range itself (delivery_api.cc: one range, else the whole body); cpp-httplib would cut
// every answer to the ranges it parsed, a 404's body and multipart lists included, and a relayed 206 again.
void answer_ranges_ourselves(const httplib::Request& req) { const_cast<httplib::Request&>(req).ranges.clear(); }

void write_response(const HttpResponse& out, httplib::Response& res) {
  if (out.drop_connection) {
    // cpp-httplib cannot close a socket from a handler; a content provider that fails
    // makes it abort the connection before any body byte, which clients see as a drop.
    res.set_content_provider(1, "application/octet-stream",
                             [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
    return;
  }
  res.status = out.status;
  for (const auto& [name, value] : out.headers) res.set_header(name, value);
  if (!out.body_file.empty()) {
    // Stored assets are served straight from disk, in slices.
    auto path = out.body_file;
    std::error_code ec;
    std::uint64_t size = std::filesystem::file_size(path, ec);
    if (ec) {
      res.status = 500;
      res.set_content(cloudinary_error(500, "cldcert mock internal error: the stored asset is gone").body,
                      "application/json");
      return;
    }
    auto file = std::make_shared<std::ifstream>(path, std::ios::binary);
    // A range (delivery_api.cc decided it, and its headers): only those bytes, read from where they start.
    std::uint64_t start = 0;
    if (out.body_file_range && out.body_file_range->last < size) {
      start = out.body_file_range->first;
      size = out.body_file_range->length();
    }
    // cpp-httplib calls this after the handler, outside its exception handling: it must not throw.
    res.set_content_provider(size, out.content_type,
                             [file, start](std::size_t offset, std::size_t length, httplib::DataSink& sink) noexcept {
                               try {
                                 std::vector<char> buffer(std::min<std::size_t>(length, 1 << 20));
                                 file->seekg(static_cast<std::streamoff>(start + offset));
                                 file->read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
                                 sink.write(buffer.data(), static_cast<std::size_t>(file->gcount()));
                                 return file->gcount() > 0;
                               } catch (...) { return false; }
                             });
    return;
  }
  res.set_content(out.body, out.content_type);
}

std::unique_ptr<httplib::Server> make_server(const std::optional<TlsFiles>& tls) {
  if (!tls) return std::make_unique<httplib::Server>();
  auto server = std::make_unique<httplib::SSLServer>(tls->certificate_file.c_str(), tls->key_file.c_str());
  if (!server->is_valid()) {
    throw std::runtime_error("cannot serve TLS with the certificate " + tls->certificate_file + " and the key " +
                             tls->key_file + " (unreadable, not PEM, or the key does not match)");
  }
  return server;
}

}  // namespace

struct HttpServer::Impl {
  MockCloudinary& mock;
  std::unique_ptr<httplib::Server> server_owner;
  httplib::Server& server;
  OriginLookup origin_of;
  std::shared_ptr<std::atomic<std::uint64_t>> received = std::make_shared<std::atomic<std::uint64_t>>(0);
  Impl(MockCloudinary& m, const std::optional<TlsFiles>& tls)
      : mock(m), server_owner(make_server(tls)), server(*server_owner) {}
};

HttpServer::HttpServer(MockCloudinary& mock, const std::optional<TlsFiles>& tls)
    : impl_(std::make_unique<Impl>(mock, tls)) {
  auto& server = impl_->server;
  server.new_task_queue = [] { return new ConnectionWorkers(kMaxConnectionThreads); };
  // The mock enforces Cloudinary's own limits (and reads oversized bodies to their end).
  server.set_payload_max_length(std::numeric_limits<std::size_t>::max());
  server.set_read_timeout(120, 0);
  server.set_write_timeout(120, 0);
  server.set_keep_alive_max_count(10000);

  // A bug in the mock must be visible, not a bare 500 with an empty body.
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = exception_text(ep);
    std::cerr << "cldcert mock: internal error on " << req.method << " " << req.path << ": " << what << std::endl;
    write_response(cloudinary_error(500, "cldcert mock internal error: " + what), res);
  });
  MockCloudinary& m = impl_->mock;
  const OriginLookup& origin_of = impl_->origin_of;
  std::atomic<std::uint64_t>& received = *impl_->received;
  auto streamed = [&m, &origin_of, &received](const httplib::Request& req, httplib::Response& res,
                                              const httplib::ContentReader& reader) {
    auto exchange = m.begin(head_of(req, origin_of));
    answer_ranges_ourselves(req);
    // cpp-httplib parses multipart bodies itself whenever the request says multipart, and
    // its parser is the slow part of a large upload. We want the raw bytes for our own
    // streaming parser, so the request is relabelled before reading (the mock already
    // has the original headers).
    auto& mutable_req = const_cast<httplib::Request&>(req);
    for (auto& [name, value] : mutable_req.headers) {
      if (text::iequals(name, "Content-Type")) value = "application/octet-stream";
    }
    reader([&](const char* data, std::size_t size) {
      received.fetch_add(size, std::memory_order_relaxed);
      exchange->on_body(data, size);
      return true;
    });
    write_response(exchange->finish(), res);
  };
  auto buffered = [&m, &origin_of, &received](const httplib::Request& req, httplib::Response& res) {
    received.fetch_add(req.body.size(), std::memory_order_relaxed);
    answer_ranges_ourselves(req);
    write_response(m.handle(head_of(req, origin_of), req.body), res);
  };
  server.Get(".*", buffered);
  server.Post(".*", streamed);
  server.Put(".*", streamed);
  server.Patch(".*", streamed);
  server.Delete(".*", streamed);
  server.Options(".*", buffered);
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::set_origin_lookup(OriginLookup lookup) { impl_->origin_of = std::move(lookup); }

int HttpServer::bind(const std::string& host, int port) {
  int bound = port == 0 ? impl_->server.bind_to_any_port(host) : (impl_->server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port));
  return bound;
}

bool HttpServer::run() { return impl_->server.listen_after_bind(); }

void HttpServer::stop() {
  if (impl_ && impl_->server.is_running()) impl_->server.stop();
}

std::shared_ptr<const std::atomic<std::uint64_t>> HttpServer::body_bytes_received() const { return impl_->received; }

void HttpServer::wait_until_running() const {
  while (!impl_->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

}  // namespace cldcert::mock
