#include "harness/network/scenario_sandbox.h"

#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "harness/process_runner.h"
#include "harness/scratch_dir_test_support.h"

namespace cldcert::network {
namespace {

constexpr std::string_view kRunBundle = "-----BEGIN CERTIFICATE-----\nthe run's CA\n-----END CERTIFICATE-----\n";

ProcessResult run_inside(const ScenarioSandbox& sandbox, std::vector<std::string> argv) {
  ProcessSpec spec;
  spec.launcher = sandbox.launcher({});
  spec.argv = std::move(argv);
  spec.timeout = std::chrono::seconds(20);
  return run_process(spec);
}

// A client with a hard-coded Cloudinary host reaches the front's listener; another host is refused
// and named; the system bundle and a bundle vendored in the integration's tree are the run's.
TEST(ScenarioSandbox, CloudinaryHostsReachTheListenersOtherHostsAreRefusedStoresAreTheRuns) {
  if (auto reason = sandbox_unavailable_reason()) GTEST_SKIP() << "no sandbox here: " << *reason;
  ScratchDir dir("scenario-sandbox");
  auto bundle = dir.write("run/ca-bundle.pem", kRunBundle);
  auto vendored = dir.write("integration/vendor/composer/ca-bundle/res/cacert.pem",
                            "-----BEGIN CERTIFICATE-----\nMozilla's\n-----END CERTIFICATE-----\n");
  std::string error;
  ScenarioSandboxOptions options;
  options.folder = dir / "resolver";
  options.ca_bundle = bundle;
  options.integration_root = dir / "integration";
  auto sandbox = ScenarioSandbox::create(options, error);
  ASSERT_TRUE(sandbox) << error;

  int front = sandbox->take_listener(80);
  ASSERT_GE(front, 0);
  EXPECT_EQ(sandbox->take_listener(80), -1);
  ProcessResult client = run_inside(*sandbox, {"python3", "-c",
                                               "import socket\n"
                                               "socket.create_connection(('api.cloudinary.com', 80)).sendall(b'hi')\n"
                                               "try:\n  socket.create_connection(('telemetry.example.org', 80))\n"
                                               "except OSError as e: print('refused')\n"});
  EXPECT_EQ(client.stdout_text, "refused\n") << client.stderr_text << client.spawn_error;
  int accepted = ::accept4(front, nullptr, nullptr, SOCK_CLOEXEC);
  ASSERT_GE(accepted, 0);
  char received[2] = {};
  EXPECT_EQ(::recv(accepted, received, 2, MSG_WAITALL), 2);
  EXPECT_EQ(std::string(received, 2), "hi");
  for (int fd : {accepted, front}) ::close(fd);

  ProcessResult stores = run_inside(*sandbox, {"cat", "/etc/ssl/certs/ca-certificates.crt", vendored.string()});
  EXPECT_EQ(stores.stdout_text, std::string(kRunBundle) + std::string(kRunBundle)) << stores.stderr_text;

  nlohmann::json evidence = sandbox->evidence();
  // Python asks for both families: A and AAAA, each refused and named.
  EXPECT_EQ(evidence["refused_names"][0], nlohmann::json::parse(R"({"name":"telemetry.example.org","type":"A"})"))
      << evidence.dump();
  for (const auto& refused : evidence["refused_names"]) EXPECT_EQ(refused["name"], "telemetry.example.org");
  bool vendored_covered = false;
  for (const auto& store : evidence["ca_stores"])
    if (store["path"] == vendored.string()) vendored_covered = store["covered"] == true && store["kind"] == "vendored";
  EXPECT_TRUE(vendored_covered) << evidence.dump();
  EXPECT_EQ(evidence["resolver_files"].size(), 3u);
}

}  // namespace
}  // namespace cldcert::network
