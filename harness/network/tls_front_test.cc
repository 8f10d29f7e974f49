#include "harness/network/tls_front.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <thread>
#include <tuple>
#include <vector>

#include "harness/scratch_dir_test_support.h"
#include "mocks/http_server.h"
#include "mocks/mock_test_support.h"

namespace cldcert::network {
namespace {

using mock::testing_support::MockFixture;

// Sends `bytes` on a new plain connection to `port` and reads the answer until the front or the mock closes.
std::string plain_exchange(int port, const std::string& bytes) {
  int fd = connect_loopback(port);
  ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  std::string out;
  char buffer[4096];
  ssize_t n;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  return out;
}

// Reads a plain answer up to its blank line (a proxy's CONNECT answer has no body).
std::string read_plain_head(int fd) {
  std::string out;
  char c;
  while (out.find("\r\n\r\n") == std::string::npos && ::recv(fd, &c, 1, 0) == 1) out += c;
  return out;
}

// A verifying TLS client, as curl or PHP would be with the run's trust bundle (or, with `verify` false,
// one whose checks were turned off): the answer, or the handshake failure as "TLS failed".
std::string tls_exchange(int fd, const std::filesystem::path& ca_file, const std::string& sni,
                         const std::string& request, bool verify = true) {
  SSL_CTX* context = SSL_CTX_new(TLS_client_method());
  SSL_CTX_load_verify_locations(context, ca_file.c_str(), nullptr);
  SSL_CTX_set_verify(context, verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
  SSL* ssl = SSL_new(context);
  SSL_set_tlsext_host_name(ssl, sni.c_str());
  if (verify) SSL_set1_host(ssl, sni.c_str());
  SSL_set_fd(ssl, fd);
  std::string out;
  if (SSL_connect(ssl) != 1) {
    out = "TLS failed";
  } else {
    SSL_write(ssl, request.data(), static_cast<int>(request.size()));
    char buffer[4096];
    int n;
    while ((n = SSL_read(ssl, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  }
  SSL_free(ssl);
  SSL_CTX_free(context);
  ERR_clear_error();
  return out;
}

std::string get_request(const std::string& target, const std::string& host) {
  return "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
}

class TlsFrontTest : public MockFixture {
 protected:
  void SetUp() override {
    start_mock(3);
    server_ = std::make_unique<mock::HttpServer>(*mock_);
    server_->set_origin_lookup(registry_.lookup());
    int mock_port = server_->bind("127.0.0.1", 0);
    serving_ = std::thread([this] { server_->run(); });
    server_->wait_until_running();
    ca_ = RunCa::create(dir_.path());
    probe_ca_ = RunCa::create(dir_.path() / "probe");
    front_ = std::make_unique<TlsFront>(*ca_, registry_, mock_port, probe_ca_.get());
    int tls = listen_on_loopback(0);
    int plain = listen_on_loopback(0);
    tls_port_ = local_port_of(tls);
    plain_port_ = local_port_of(plain);
    front_->serve({{tls, FrontListener::Kind::kTls}, {plain, FrontListener::Kind::kPlain}});
    cloud_ = mock_->accounts().accounts.at(0).clouds.at(0).cloud_name;
  }
  void TearDown() override {
    front_->stop();
    server_->stop();
    serving_.join();
  }

  ScratchDir dir_{"tls-front"};
  ConnectionRegistry registry_;
  std::unique_ptr<mock::HttpServer> server_;
  std::thread serving_;
  std::unique_ptr<RunCa> ca_;
  std::unique_ptr<RunCa> probe_ca_;
  std::unique_ptr<TlsFront> front_;
  int tls_port_ = 0;
  int plain_port_ = 0;
  std::string cloud_;

  // One GET to the mock through the TLS listener, as a verifying client or one that checks nothing.
  std::string tls_get(bool verify, const std::filesystem::path& trusted) {
    int fd = connect_loopback(tls_port_);
    std::string answer =
        tls_exchange(fd, trusted, "api.cloudinary.com",
                     get_request("/v1_1/" + cloud_ + "/resources/image", "api.cloudinary.com"), verify);
    ::close(fd);
    return answer;
  }

  // What the front refused, as {host, port, how}.
  std::vector<std::tuple<std::string, int, std::string>> refused() const {
    std::vector<std::tuple<std::string, int, std::string>> out;
    for (const auto& a : front_->egress()) out.emplace_back(a.host, a.port, a.how);
    return out;
  }
};

using Refused = std::vector<std::tuple<std::string, int, std::string>>;

TEST_F(TlsFrontTest, TlsToACloudinaryHostReachesTheMockWhichJournalsSchemeSniAndHost) {
  int fd = connect_loopback(tls_port_);
  std::string answer = tls_exchange(fd, ca_->certificate_file(), "api.cloudinary.com",
                                    get_request("/v1_1/" + cloud_ + "/resources/image", "api.cloudinary.com"));
  ::close(fd);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 401")) << answer;  // no credentials: the mock's own answer
  auto entry = last_entry();
  EXPECT_EQ(entry.scheme, "https");
  EXPECT_EQ(entry.sni, "api.cloudinary.com");
  EXPECT_EQ(entry.host, "api.cloudinary.com");
  EXPECT_TRUE(front_->egress().empty());
}

TEST_F(TlsFrontTest, AnotherHostsSniIsRefusedAndRecorded) {
  int fd = connect_loopback(tls_port_);
  std::string answer = tls_exchange(fd, ca_->certificate_file(), "telemetry.example.com", get_request("/", "x"));
  ::close(fd);
  EXPECT_EQ(answer, "TLS failed");
  EXPECT_EQ(mock_->journal().size(), 0u);
  EXPECT_EQ(refused(), (Refused{{"telemetry.example.com", tls_port_, "sni"}}));
}

TEST_F(TlsFrontTest, ConnectToACloudinaryHostIsTerminatedWithItsLeaf) {
  int fd = connect_loopback(plain_port_);
  std::string connect = "CONNECT res.cloudinary.com:443 HTTP/1.1\r\nHost: res.cloudinary.com:443\r\n\r\n";
  ::send(fd, connect.data(), connect.size(), 0);
  EXPECT_TRUE(read_plain_head(fd).starts_with("HTTP/1.1 200")) << "CONNECT answer";
  std::string answer = tls_exchange(fd, ca_->certificate_file(), "res.cloudinary.com",
                                    get_request("/" + cloud_ + "/image/upload/sample.jpg", "res.cloudinary.com"));
  ::close(fd);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 404")) << answer;
  auto entry = last_entry();
  EXPECT_EQ(entry.scheme, "https");
  EXPECT_EQ(entry.sni, "res.cloudinary.com");
  EXPECT_EQ(entry.api, "delivery");
}

TEST_F(TlsFrontTest, ConnectToAnotherHostIsRefusedAndRecorded) {
  std::string answer =
      plain_exchange(plain_port_, "CONNECT example.com:8443 HTTP/1.1\r\nHost: example.com:8443\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 403")) << answer;
  EXPECT_EQ(refused(), (Refused{{"example.com", 8443, "connect"}}));
}

TEST_F(TlsFrontTest, AbsoluteFormPlainRequestIsSentOnInOriginForm) {
  // One request per connection: the mock closes it after answering.
  std::string answer = plain_exchange(plain_port_, "GET http://res.cloudinary.com/" + cloud_ +
                                                       "/image/upload/sample.jpg HTTP/1.1\r\nHost: "
                                                       "res.cloudinary.com\r\nProxy-Connection: Keep-Alive\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 404")) << answer;
  auto entry = last_entry();
  EXPECT_EQ(entry.path, "/" + cloud_ + "/image/upload/sample.jpg");
  EXPECT_EQ(entry.scheme, "http");
  EXPECT_EQ(entry.sni, "");
  EXPECT_EQ(entry.host, "res.cloudinary.com");
}

TEST_F(TlsFrontTest, AbsoluteFormToAnotherHostAndAForeignHostHeaderAreRefused) {
  EXPECT_TRUE(plain_exchange(plain_port_, get_request("http://example.org/collect", "example.org"))
                  .starts_with("HTTP/1.1 403"));

  int fd = connect_loopback(tls_port_);  // a Cloudinary SNI hiding another Host
  std::string answer =
      tls_exchange(fd, ca_->certificate_file(), "api.cloudinary.com", get_request("/", "evil.example.net"));
  ::close(fd);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 421")) << answer;

  EXPECT_EQ(refused(), (Refused{{"example.org", 80, "absolute_url"}, {"evil.example.net", 443, "host_header"}}));
  EXPECT_EQ(mock_->journal().size(), 0u);
}

TEST_F(TlsFrontTest, AnUnknownIssuerProbeIsRefusedByAVerifyingClientAndTakenByOneThatChecksNothing) {
  front_->set_probe(TlsProbe::kUnknownIssuer);
  EXPECT_EQ(tls_get(true, ca_->certificate_file()), "TLS failed");
  EXPECT_EQ(mock_->journal().size(), 0u);
  EXPECT_TRUE(tls_get(false, ca_->certificate_file()).starts_with("HTTP/1.1 401"));
  EXPECT_EQ(mock_->journal().size(), 1u);

  front_->settle();  // the front reads the client's alert after the client has gone
  auto seen = front_->handshakes();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].host, "api.cloudinary.com");
  EXPECT_EQ(seen[0].probe, TlsProbe::kUnknownIssuer);
  EXPECT_FALSE(seen[0].accepted);
  EXPECT_NE(seen[0].alert.find("unknown ca"), std::string::npos) << seen[0].alert;
  EXPECT_EQ(seen[1].probe, TlsProbe::kUnknownIssuer);
  EXPECT_TRUE(seen[1].accepted);
  EXPECT_EQ(seen[1].alert, "");
}

TEST_F(TlsFrontTest, AWrongHostProbeFromTheTrustedCaIsRefusedByAClientThatChecksTheName) {
  front_->set_probe(TlsProbe::kWrongHost);
  EXPECT_EQ(tls_get(true, ca_->certificate_file()), "TLS failed");
  front_->settle();  // the front reads the client's alert after the client has gone
  auto seen = front_->handshakes();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].probe, TlsProbe::kWrongHost);
  EXPECT_FALSE(seen[0].accepted);
}

TEST_F(TlsFrontTest, AProbeHandshakeWithNoRequestAfterItIsARefusal) {
  // As curl does with another host's name: the handshake completes, the client checks the name, closes.
  front_->set_probe(TlsProbe::kWrongHost);
  int fd = connect_loopback(tls_port_);
  SSL_CTX* context = SSL_CTX_new(TLS_client_method());
  SSL* ssl = SSL_new(context);
  SSL_set_tlsext_host_name(ssl, "api.cloudinary.com");
  SSL_set_fd(ssl, fd);
  ASSERT_EQ(SSL_connect(ssl), 1);
  SSL_shutdown(ssl);
  SSL_free(ssl);
  SSL_CTX_free(context);
  ::close(fd);
  front_->settle();
  auto seen = front_->handshakes();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_FALSE(seen[0].accepted);
  EXPECT_NE(seen[0].alert.find("no request"), std::string::npos) << seen[0].alert;
}

TEST_F(TlsFrontTest, AfterTheProbeVerifyingClientsConnectAgainAndNothingMoreIsRecorded) {
  front_->set_probe(TlsProbe::kUnknownIssuer);
  front_->set_probe(TlsProbe::kNone);
  EXPECT_TRUE(tls_get(true, ca_->certificate_file()).starts_with("HTTP/1.1 401"));
  front_->settle();
  EXPECT_TRUE(front_->handshakes().empty());
}

TEST_F(TlsFrontTest, AClientThatDoesNotTrustTheRunCaIsRecordedWithItsAlert) {
  // Trusting only another CA: as a client with its own CA store would, when the run's bundle is not read.
  EXPECT_EQ(tls_get(true, probe_ca_->certificate_file()), "TLS failed");
  front_->settle();  // the front reads the client's alert after the client has gone
  auto seen = front_->handshakes();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].probe, TlsProbe::kNone);
  EXPECT_FALSE(seen[0].accepted);
  EXPECT_NE(seen[0].alert.find("alert"), std::string::npos) << seen[0].alert;
}

TEST_F(TlsFrontTest, AnUnknownIssuerProbeNeedsAProbeCa) {
  TlsFront bare(*ca_, registry_, 1);
  EXPECT_THROW(bare.set_probe(TlsProbe::kUnknownIssuer), std::logic_error);
}

}  // namespace
}  // namespace cldcert::network
