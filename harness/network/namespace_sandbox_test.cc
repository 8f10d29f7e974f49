#include "harness/network/namespace_sandbox.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

#include <gtest/gtest.h>

#include "harness/network/namespace_listener.h"
#include "harness/process_runner.h"
#include "harness/scratch_dir_test_support.h"

namespace cldcert::network {
namespace {

#define SKIP_WITHOUT_SANDBOX() \
  if (auto reason = sandbox_unavailable_reason()) GTEST_SKIP() << "no sandbox here: " << *reason

std::unique_ptr<NamespaceSandbox> make_sandbox(const SandboxOptions& options = {}) {
  std::string error;
  auto sandbox = NamespaceSandbox::create(options, error);
  EXPECT_TRUE(sandbox) << error;
  return sandbox;
}

ProcessResult run_inside(const NamespaceSandbox& sandbox, std::vector<std::string> command,
                         const std::filesystem::path& cwd = {}) {
  ProcessSpec spec;
  spec.argv = sandbox.enter_prefix(cwd);
  spec.argv.insert(spec.argv.end(), command.begin(), command.end());
  spec.cwd = cwd;
  spec.timeout = std::chrono::seconds(20);
  return run_process(spec);
}

// Runs `body` on a thread that joined the sandbox's network namespace.
template <typename Body>
void inside_network(const NamespaceSandbox& sandbox, Body body) {
  std::thread joined([&] {
    ASSERT_EQ(::setns(sandbox.net_namespace_fd(), CLONE_NEWNET), 0) << std::strerror(errno);
    body();
  });
  joined.join();
}

TEST(NamespaceSandbox, HasOnlyLoopbackAndItIsUp) {
  SKIP_WITHOUT_SANDBOX();
  auto sandbox = make_sandbox();
  ASSERT_TRUE(sandbox);
  std::vector<std::string> interfaces;
  bool loopback_up = false;
  inside_network(*sandbox, [&] {
    struct if_nameindex* all = ::if_nameindex();
    for (struct if_nameindex* i = all; i && i->if_index != 0; ++i) interfaces.push_back(i->if_name);
    ::if_freenameindex(all);
    loopback_up = ::if_nametoindex("lo") != 0;
  });
  EXPECT_EQ(interfaces, std::vector<std::string>{"lo"});
  EXPECT_TRUE(loopback_up);
}

// A client that connects to a literal address reaches the catch-all listener, which sees that address.
TEST(NamespaceSandbox, EveryIpv4AddressIsLocalSoLiteralAddressesReachTheListener) {
  SKIP_WITHOUT_SANDBOX();
  auto sandbox = make_sandbox();
  ASSERT_TRUE(sandbox);
  std::string error;
  int listener = listen_in_namespace(sandbox->net_namespace_fd(), "0.0.0.0", 443, SocketKind::kTcp, error);
  ASSERT_GE(listener, 0) << error;
  int client = -1;
  inside_network(*sandbox, [&] {
    sockaddr_in far{};
    far.sin_family = AF_INET;
    far.sin_port = htons(443);
    ::inet_pton(AF_INET, "93.184.216.34", &far.sin_addr);
    client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    EXPECT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&far), sizeof far), 0) << std::strerror(errno);
  });
  int accepted = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  ASSERT_GE(accepted, 0);
  sockaddr_in asked{};
  socklen_t size = sizeof asked;
  ::getsockname(accepted, reinterpret_cast<sockaddr*>(&asked), &size);
  char text[INET_ADDRSTRLEN];
  EXPECT_STREQ(::inet_ntop(AF_INET, &asked.sin_addr, text, sizeof text), "93.184.216.34");
  for (int fd : {accepted, client, listener}) ::close(fd);
}

TEST(NamespaceSandbox, ListenersInsideDoNotOccupyThisNamespacesPorts) {
  SKIP_WITHOUT_SANDBOX();
  auto first = make_sandbox(), second = make_sandbox();
  ASSERT_TRUE(first && second);
  std::string error;
  int a = listen_in_namespace(first->net_namespace_fd(), "127.0.0.1", 53, SocketKind::kUdp, error);
  int b = listen_in_namespace(second->net_namespace_fd(), "127.0.0.1", 53, SocketKind::kUdp, error);
  EXPECT_GE(a, 0) << error;
  EXPECT_GE(b, 0) << error;
  for (int fd : {a, b}) ::close(fd);
}

TEST(NamespaceSandbox, OverlaysAreSeenInsideOnly) {
  SKIP_WITHOUT_SANDBOX();
  ScratchDir dir("sandbox-overlay");
  auto target = dir.write("system/bundle.pem", "the system's\n");
  auto source = dir.write("run/bundle.pem", "the run's\n");
  auto sandbox = make_sandbox({{{target, source}, {dir / "system/missing.pem", source}}});
  ASSERT_TRUE(sandbox);
  ASSERT_EQ(sandbox->overlays().size(), 2u);
  EXPECT_EQ(sandbox->overlays()[0].error, "");
  EXPECT_NE(sandbox->overlays()[1].error, "");

  ProcessResult inside = run_inside(*sandbox, {"cat", target.string()});
  EXPECT_EQ(inside.exit_code, 0) << inside.stderr_text;
  EXPECT_EQ(inside.stdout_text, "the run's\n");
  ProcessSpec outside_spec;
  outside_spec.argv = {"cat", target.string()};
  ProcessResult outside = run_process(outside_spec);
  EXPECT_EQ(outside.stdout_text, "the system's\n");
  // Read-only inside: an integration cannot rewrite what it is made to trust.
  ProcessResult write = run_inside(*sandbox, {"sh", "-c", "echo x > " + target.string()});
  EXPECT_NE(write.exit_code, 0);
}

TEST(NamespaceSandbox, CommandsRunInTheGivenFolder) {
  SKIP_WITHOUT_SANDBOX();
  ScratchDir dir("sandbox-cwd");
  auto sandbox = make_sandbox();
  ASSERT_TRUE(sandbox);
  ProcessResult result = run_inside(*sandbox, {"pwd"}, dir.path());
  EXPECT_EQ(result.stdout_text, dir.path().string() + "\n") << result.stderr_text;
}

TEST(NamespaceSandbox, DestroyingItEndsTheHolder) {
  SKIP_WITHOUT_SANDBOX();
  auto sandbox = make_sandbox();
  ASSERT_TRUE(sandbox);
  pid_t holder = sandbox->holder_pid();
  EXPECT_EQ(::kill(holder, 0), 0);
  sandbox.reset();
  EXPECT_EQ(::kill(holder, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

TEST(NamespaceSandbox, RefusalNamesTheReasonAndProxyMode) {
  std::string refusal = sandbox_refusal("no permission to create network namespaces");
  EXPECT_NE(refusal.find("no permission to create network namespaces"), std::string::npos);
  EXPECT_NE(refusal.find("--network proxy"), std::string::npos);
}

}  // namespace
}  // namespace cldcert::network
