#include "mocks/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>
#include <vector>

#include "mocks/mock_test_support.h"

namespace cldcert::mock {
namespace {

using testing_support::MockFixture;

// A loopback connection to `port`, having sent `bytes` (nothing when empty) and then nothing more.
int open_stalled_connection(int port, const std::string& bytes) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    if (fd >= 0) ::close(fd);
    return -1;
  }
  if (!bytes.empty() && ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) < 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

class HttpServerTest : public MockFixture {
 protected:
  void SetUp() override {
    start_mock(7);
    server_ = std::make_unique<HttpServer>(*mock_);
    port_ = server_->bind("127.0.0.1", 0);
    serving_ = std::thread([this] { server_->run(); });
    server_->wait_until_running();
  }
  void TearDown() override {
    // Closed first: a worker blocked reading a stalled connection would hold stop() for the read timeout.
    for (int fd : stalled_) ::close(fd);
    server_->stop();
    serving_.join();
  }

  // The PNG stored as shop/shoe in `cloud`, for the delivery tests.
  void upload_shoe(const Cloud& cloud, const std::string& png) {
    HttpResponse up = testing_support::post_upload(
        *mock_, cloud, testing_support::signed_params({{"public_id", "shop/shoe"}}, cloud, *now_),
        testing_support::FilePart{"shoe.png", "image/png", png});
    ASSERT_EQ(up.status, 200) << up.body;
  }

  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
  std::thread serving_;
  std::vector<int> stalled_;
};

TEST_F(HttpServerTest, StalledAndIdleConnectionsDoNotStarveARealRequest) {
  // 40 connections that sent two bytes of a request line (the mock used to give 32 threads in all,
  // each held for the 120 s read timeout), and 200 that sent nothing.
  for (int i = 0; i < 40; ++i) stalled_.push_back(open_stalled_connection(port_, "PO"));
  for (int i = 0; i < 200; ++i) stalled_.push_back(open_stalled_connection(port_, ""));
  for (int fd : stalled_) ASSERT_GE(fd, 0);

  httplib::Client client("127.0.0.1", port_);
  // A generous bound: the request takes milliseconds when it gets a thread, 120 s when it does not.
  client.set_connection_timeout(10, 0);
  client.set_read_timeout(10, 0);
  auto res = client.Get("/v1_1/no-such-cloud/resources/image");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 401);
}

// `cldcert run`'s heartbeat shows an upload's bytes while it is still arriving, not once it ended.
TEST_F(HttpServerTest, BodyBytesAreCountedWhileTheRequestIsStillArriving) {
  const auto received = server_->body_bytes_received();
  EXPECT_EQ(received->load(), 0u);
  // Half of a 2 MiB body sent, and then nothing more: the request is in progress.
  const std::string half(1 << 20, 'x');
  stalled_.push_back(open_stalled_connection(
      port_,
      "POST /v1_1/demo/image/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
      "Content-Length: 2097152\r\n\r\n" +
          half));
  ASSERT_GE(stalled_.back(), 0);
  // Waits for the count, not for a time: the server reads the bytes when its worker gets to them.
  for (int i = 0; i < 1000 && received->load() < half.size(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(received->load(), half.size());
  // A whole request adds its body too, whichever handler reads it.
  httplib::Client client("127.0.0.1", port_);
  auto res = client.Post("/v1_1/no-such-cloud/image/upload", std::string(1000, 'y'), "application/octet-stream");
  ASSERT_TRUE(res);
  EXPECT_EQ(received->load(), half.size() + 1000);
}

// A CMS plugin asks HEAD of a delivery URL for the asset's size and format before using it.
TEST_F(HttpServerTest, HeadOnADeliveryUrlAnswersGetsHeadersWithoutABody) {
  const Cloud& cloud = mock_->accounts().accounts[0].clouds[0];
  const std::string png = testing_support::png_bytes(30, 20, 700);
  ASSERT_NO_FATAL_FAILURE(upload_shoe(cloud, png));

  httplib::Client client("127.0.0.1", port_);
  for (const std::string path : {"/image/upload/v1/shop/shoe.png", "/images/v1/shop/shoe/red-shoe.png"}) {
    auto get = client.Get("/" + cloud.cloud_name + path);
    auto head = client.Head("/" + cloud.cloud_name + path);
    ASSERT_TRUE(get && head) << path;
    EXPECT_EQ(get->status, 200) << path;
    EXPECT_EQ(head->status, 200) << path;
    EXPECT_EQ(get->body, png) << path;
    EXPECT_EQ(head->body, "") << path;
    EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(png.size())) << path;
    EXPECT_EQ(head->get_header_value("Content-Type"), "image/png") << path;
    EXPECT_EQ(head->get_header_value("ETag"), get->get_header_value("ETag")) << path;
  }
  auto missing = client.Head("/" + cloud.cloud_name + "/images/v1/shop/boot/red.png");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, "");
  EXPECT_EQ(mock_->journal().entries().back().method, "HEAD");
}

// A live run's cldcert.get probes a delivery with Range GETs: over the socket only the asked bytes arrive,
// streamed from the stored file, and a range past the end is a 416 naming the size.
TEST_F(HttpServerTest, ARangedDeliveryGetSendsOnlyThoseBytes) {
  const Cloud& cloud = mock_->accounts().accounts[0].clouds[0];
  const std::string png = testing_support::png_bytes(30, 20, 700);
  ASSERT_NO_FATAL_FAILURE(upload_shoe(cloud, png));
  const std::string path = "/" + cloud.cloud_name + "/image/upload/v1/shop/shoe.png";
  const std::string size = std::to_string(png.size());

  httplib::Client client("127.0.0.1", port_);
  auto first = client.Get(path, {{"Range", "bytes=0-9"}});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 206);
  EXPECT_EQ(first->body, png.substr(0, 10));
  EXPECT_EQ(first->get_header_value("Content-Range"), "bytes 0-9/" + size);
  EXPECT_EQ(first->get_header_value("Content-Length"), "10");
  auto last = client.Get(path, {{"Range", "bytes=-7"}});
  ASSERT_TRUE(last);
  EXPECT_EQ(last->status, 206);
  EXPECT_EQ(last->body, png.substr(png.size() - 7));
  auto past = client.Get(path, {{"Range", "bytes=" + size + "-"}});
  ASSERT_TRUE(past);
  EXPECT_EQ(past->status, 416);
  EXPECT_EQ(past->get_header_value("Content-Range"), "bytes */" + size);
  EXPECT_EQ(past->body, "");
  // Two ranges: the whole body, not cpp-httplib's multipart answer.
  auto two = client.Get(path, {{"Range", "bytes=0-1,4-5"}});
  ASSERT_TRUE(two);
  EXPECT_EQ(two->status, 200);
  EXPECT_EQ(two->body, png);
  EXPECT_EQ(two->get_header_value("Accept-Ranges"), "bytes");
  // A missing asset's 404 keeps its (empty) body and status: the range is the mock's to answer.
  auto missing = client.Get("/" + cloud.cloud_name + "/image/upload/v1/shop/boot.png", {{"Range", "bytes=0-3"}});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(mock_->journal().entries().back().status, 404);
}

// A TLS front in front of the mock (harness/network) tells it how each of its connections came in.
TEST_F(MockFixture, TheOriginLookupGivesEachRequestItsSchemeAndSni) {
  start_mock(9);
  HttpServer server(*mock_);
  std::vector<int> asked_ports;
  server.set_origin_lookup([&](const std::string& address, int port) -> std::optional<RequestOrigin> {
    asked_ports.push_back(port);
    if (address == "127.0.0.1" && asked_ports.size() == 1) return RequestOrigin{"https", "api.cloudinary.com"};
    return std::nullopt;
  });
  int port = server.bind("127.0.0.1", 0);
  std::thread serving([&] { server.run(); });
  server.wait_until_running();
  for (int i = 0; i < 2; ++i) {
    httplib::Client client("127.0.0.1", port);
    auto res = client.Get("/v1_1/no-such-cloud/resources/image", {{"Host", "api.cloudinary.com"}});
    ASSERT_TRUE(res);
  }
  server.stop();
  serving.join();
  auto entries = mock_->journal().entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].scheme, "https");
  EXPECT_EQ(entries[0].sni, "api.cloudinary.com");
  EXPECT_EQ(entries[0].host, "api.cloudinary.com");
  EXPECT_EQ(entries[1].scheme, "http") << "a request the lookup does not know is a direct one";
  EXPECT_EQ(entries[1].sni, "");
  ASSERT_EQ(asked_ports.size(), 2u);
  EXPECT_GT(asked_ports[0], 0);
}

TEST_F(MockFixture, TlsWithACertificateThatCannotBeLoadedIsRefusedNamingTheFiles) {
  start_mock(3);
  try {
    HttpServer server(*mock_, TlsFiles{"/nonexistent/cert.pem", "/nonexistent/key.pem"});
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/cert.pem"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("/nonexistent/key.pem"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cldcert::mock
