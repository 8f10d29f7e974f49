#include "harness/network/dns_responder.h"

#include <gtest/gtest.h>

#include "harness/network/namespace_listener.h"
#include "harness/network/namespace_sandbox.h"
#include "harness/network/resolver_files.h"
#include "harness/network/cloudinary_hosts.h"
#include "harness/process_runner.h"
#include "harness/scratch_dir_test_support.h"

namespace cldcert::network {
namespace {

// A query as a stub resolver sends it: id 0x1234, recursion desired, one question of class IN.
std::string query_for(const std::string& name, std::uint16_t type) {
  std::string q("\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00", 12);
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    q.push_back(static_cast<char>(dot - start));
    q += name.substr(start, dot - start);
    start = dot + 1;
  }
  q.push_back('\0');
  q += {static_cast<char>(type >> 8), static_cast<char>(type & 0xff), '\0', '\x01'};
  return q;
}

struct Asked {
  std::string reply;
  std::vector<DnsQuestion> refused;
};

Asked ask(const std::string& query) {
  Asked asked;
  asked.reply = dns_answer(query, is_cloudinary_host, [&](DnsQuestion q) { asked.refused.push_back(q); });
  return asked;
}

int rcode(const std::string& reply) { return reply[3] & 0x0f; }
int answers(const std::string& reply) {
  return (static_cast<unsigned char>(reply[6]) << 8) | static_cast<unsigned char>(reply[7]);
}

TEST(DnsAnswer, CloudinaryHostsResolveToLoopback) {
  for (std::string host : {"api.cloudinary.com", "RES.Cloudinary.com", "res-3.cloudinary.com",
                           "demo-res.cloudinary.com", "upload-widget.cloudinary.com", "unpkg.com"}) {
    Asked asked = ask(query_for(host, 1));
    ASSERT_GE(asked.reply.size(), 16u) << host;
    EXPECT_EQ(asked.reply.substr(0, 2), "\x12\x34");
    EXPECT_EQ(rcode(asked.reply), 0) << host;
    EXPECT_EQ(answers(asked.reply), 1) << host;
    EXPECT_EQ(asked.reply.substr(asked.reply.size() - 4), std::string("\x7f\0\0\x01", 4)) << host;
    EXPECT_TRUE(asked.refused.empty());
  }
}

TEST(DnsAnswer, CloudinaryHostsHaveNoIpv6Address) {
  Asked asked = ask(query_for("api.cloudinary.com", 28));
  EXPECT_EQ(rcode(asked.reply), 0);
  EXPECT_EQ(answers(asked.reply), 0);
  EXPECT_TRUE(asked.refused.empty());
}

TEST(DnsAnswer, OtherNamesAreRefusedAndRecorded) {
  Asked asked = ask(query_for("Telemetry.Example.org", 28));
  EXPECT_EQ(rcode(asked.reply), 3);  // NXDOMAIN
  EXPECT_EQ(answers(asked.reply), 0);
  EXPECT_EQ(asked.refused, (std::vector<DnsQuestion>{{"telemetry.example.org", "AAAA"}}));
  // A look-alike of a Cloudinary host is another host.
  EXPECT_EQ(ask(query_for("api.cloudinary.com.evil.io", 1)).refused.size(), 1u);
  EXPECT_EQ(ask(query_for("notcloudinary.com", 1)).refused.size(), 1u);
}

TEST(DnsAnswer, ReverseLookupsAreNotEgress) {
  Asked asked = ask(query_for("1.0.0.127.in-addr.arpa", 12));
  EXPECT_EQ(rcode(asked.reply), 3);
  EXPECT_TRUE(asked.refused.empty());
}

TEST(DnsAnswer, MalformedQueriesGetFormatErrorAndResponsesNothing) {
  std::string truncated = query_for("api.cloudinary.com", 1);
  truncated.resize(truncated.size() - 3);
  EXPECT_EQ(rcode(ask(truncated).reply), 1);
  std::string pointer = query_for("x", 1);
  pointer[12] = '\xc0';
  EXPECT_EQ(rcode(ask(pointer).reply), 1);
  std::string response = query_for("api.cloudinary.com", 1);
  response[2] = static_cast<char>(response[2] | 0x80);
  EXPECT_EQ(ask(response).reply, "");
  EXPECT_EQ(ask("\x12").reply, "");
}

// Real resolvers (glibc's through getent, Python's getaddrinfo) inside a sandbox with the generated
// resolver files, over UDP and, with `options use-vc`, over TCP.
class DnsInSandbox : public ::testing::TestWithParam<bool> {};

TEST_P(DnsInSandbox, RealResolversGetTheMockAndRefusalsAreRecorded) {
  if (auto reason = sandbox_unavailable_reason()) GTEST_SKIP() << "no sandbox here: " << *reason;
  ScratchDir dir("sandbox-dns");
  std::string error;
  auto sandbox = NamespaceSandbox::create({write_resolver_files(dir.path(), {.tcp_only = GetParam()})}, error);
  ASSERT_TRUE(sandbox) << error;
  for (const OverlayOutcome& outcome : sandbox->overlays()) ASSERT_EQ(outcome.error, "") << outcome.overlay.target;
  int udp = listen_in_namespace(sandbox->net_namespace_fd(), "127.0.0.1", 53, SocketKind::kUdp, error);
  int tcp = listen_in_namespace(sandbox->net_namespace_fd(), "127.0.0.1", 53, SocketKind::kTcp, error);
  ASSERT_TRUE(udp >= 0 && tcp >= 0) << error;
  DnsResponder responder(udp, tcp, is_cloudinary_host);

  auto inside = [&](std::vector<std::string> command) {
    ProcessSpec spec;
    spec.argv = sandbox->enter_prefix({});
    spec.argv.insert(spec.argv.end(), command.begin(), command.end());
    spec.timeout = std::chrono::seconds(20);
    return run_process(spec);
  };
  ProcessResult api = inside({"getent", "ahostsv4", "api.cloudinary.com"});
  EXPECT_EQ(api.exit_code, 0) << api.stderr_text;
  EXPECT_TRUE(api.stdout_text.starts_with("127.0.0.1")) << api.stdout_text;
  ProcessResult python = inside({"python3", "-c",
                                 "import socket; print(sorted({a[4][0] for a in socket.getaddrinfo("
                                 "'demo-res.cloudinary.com', 443, proto=socket.IPPROTO_TCP)}))"});
  EXPECT_EQ(python.stdout_text, "['127.0.0.1']\n") << python.stderr_text;
  ProcessResult other = inside({"getent", "hosts", "example.org"});
  EXPECT_EQ(other.exit_code, 2);  // getent: key not found
  ProcessResult localhost = inside({"getent", "hosts", "localhost"});
  EXPECT_EQ(localhost.exit_code, 0);

  std::vector<DnsQuestion> refused = responder.refused();
  EXPECT_NE(std::find(refused.begin(), refused.end(), DnsQuestion{"example.org", "A"}), refused.end());
  for (const DnsQuestion& question : refused) EXPECT_EQ(question.name, "example.org");
}

INSTANTIATE_TEST_SUITE_P(UdpAndTcp, DnsInSandbox, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Tcp" : "Udp"; });

}  // namespace
}  // namespace cldcert::network
