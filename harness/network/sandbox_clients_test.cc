// Real clients with a hard-coded https://api.cloudinary.com, run unchanged inside a scenario sandbox,
// verify TLS against a certificate of a run CA: the CA stores the sandbox overlays are the ones they read.
// The server here is `openssl s_server` inside the sandbox, so only the sandbox half is under test.
#include <sys/socket.h>

#include <atomic>
#include <fstream>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "harness/network/java_truststore.h"
#include "harness/network/scenario_sandbox.h"
#include "harness/process_runner.h"
#include "harness/scratch_dir_test_support.h"

namespace cldcert::network {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

ProcessResult run(std::vector<std::string> argv, const fs::path& cwd = {}) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.cwd = cwd;
  return run_process(spec);
}

// A CA, and a leaf for api.cloudinary.com it signed; the bundle is the system's plus the CA.
bool make_run_ca(const ScratchDir& dir, std::string& error) {
  dir.write("leaf.ext", "subjectAltName=DNS:api.cloudinary.com\n");
  const std::vector<std::vector<std::string>> commands = {
      {"openssl",
       "req",
       "-x509",
       "-newkey",
       "ec",
       "-pkeyopt",
       "ec_paramgen_curve:P-256",
       "-nodes",
       "-days",
       "1",
       "-subj",
       "/CN=cldcert sandbox test CA",
       "-addext",
       "basicConstraints=critical,CA:TRUE",
       "-addext",
       "keyUsage=critical,keyCertSign",
       "-keyout",
       "ca.key",
       "-out",
       "ca.pem"},
      {"openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj",
       "/CN=api.cloudinary.com", "-keyout", "leaf.key", "-out", "leaf.csr"},
      {"openssl", "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days",
       "1", "-extfile", "leaf.ext", "-out", "leaf.pem"},
  };
  for (const auto& command : commands) {
    ProcessResult result = run(command, dir.path());
    if (result.exit_code != 0) {
      error = result.spawn_error + result.stderr_text;
      return false;
    }
  }
  std::ofstream bundle(dir / "bundle.pem", std::ios::binary);
  bundle << std::ifstream("/etc/ssl/certs/ca-certificates.crt", std::ios::binary).rdbuf()
         << std::ifstream(dir / "ca.pem", std::ios::binary).rdbuf();
  return static_cast<bool>(bundle.flush());
}

bool on_path(const std::string& tool) { return !run({"sh", "-c", "command -v " + tool}).stdout_text.empty(); }

TEST(SandboxClients, HardCodedHostsVerifyTheRunCaWithoutCodeChanges) {
  if (auto reason = sandbox_unavailable_reason()) GTEST_SKIP() << "no sandbox here: " << *reason;
  if (!on_path("openssl")) GTEST_SKIP() << "no openssl CLI";
  ScratchDir dir("sandbox-clients");
  std::string error;
  ASSERT_TRUE(make_run_ca(dir, error)) << error;
  ScenarioSandboxOptions options;
  options.folder = dir / "resolver";
  options.ca_bundle = dir / "bundle.pem";
  options.tcp_ports = {};  // s_server listens on 443 inside
  const bool java = on_path("java") && write_java_truststore(dir / "ca.pem", dir / "java-cacerts", error);
  if (java) options.java_truststore = dir / "java-cacerts";
  auto sandbox = ScenarioSandbox::create(options, error);
  ASSERT_TRUE(sandbox) << error;

  std::atomic<bool> stop_server{false};
  auto server = std::async(std::launch::async, [&] {
    ProcessSpec spec;
    spec.launcher = sandbox->launcher(dir.path());
    spec.argv = {"openssl", "s_server", "-quiet", "-accept", "443", "-cert", "leaf.pem", "-key", "leaf.key", "-www"};
    spec.cwd = dir.path();
    spec.timeout = 0ms;
    spec.stop = &stop_server;
    spec.kill_grace = 200ms;
    return run_process(spec);
  });
  auto inside = [&](std::vector<std::string> argv, std::map<std::string, std::string> env = {}) {
    ProcessSpec spec;
    spec.launcher = sandbox->launcher({});
    spec.argv = std::move(argv);
    spec.env = std::move(env);
    spec.timeout = 30s;
    return run_process(spec);
  };
  // Until s_server accepts (it started in the background).
  for (int i = 0; i < 100 && inside({"bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/443"}).exit_code != 0; ++i)
    std::this_thread::sleep_for(100ms);

  struct Client {
    std::string name;
    std::vector<std::string> argv;
    std::map<std::string, std::string> env;  // the trust variable a runtime with its own store needs
  };
  const std::string url = "https://api.cloudinary.com/";
  std::vector<Client> clients = {
      {"curl", {"curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", url}, {}},
      {"php",
       {"php", "-r",
        "$c = curl_init('" + url +
            "'); curl_setopt($c, CURLOPT_RETURNTRANSFER, true); "
            "if (curl_exec($c) === false) { fwrite(STDERR, curl_error($c)); exit(1); } "
            "echo curl_getinfo($c, CURLINFO_HTTP_CODE);"},
       {}},
      // PHP streams (file_get_contents) verify with OpenSSL's default CA file, not curl's.
      {"php-streams",
       {"php", "-r", "file_get_contents('" + url + "'); echo explode(' ', $http_response_header[0])[1];"},
       {}},
      {"python3",
       {"python3", "-c", "import urllib.request; print(urllib.request.urlopen('" + url + "').status, end='')"},
       {}},
      // Node reads its own compiled-in store: NODE_EXTRA_CA_CERTS is the trust variable it honours.
      {"node",
       {"node", "-e",
        "fetch('" + url +
            "').then(r => process.stdout.write(String(r.status)), e => { console.error(e.cause || e); process.exit(1); "
            "})"},
       {{"NODE_EXTRA_CA_CERTS", (dir / "bundle.pem").string()}}},
  };
  // The JVM reads only its cacerts (a keystore): the truststore mounted over it, no JAVA_TOOL_OPTIONS.
  if (java) {
    dir.write("Client.java",
              "public class Client { public static void main(String[] a) throws Exception {\n"
              "  var c = (java.net.HttpURLConnection) new java.net.URL(\"" +
                  url +
                  "\").openConnection();\n"
                  "  System.out.print(c.getResponseCode()); } }\n");
    clients.push_back({"java", {"java", (dir / "Client.java").string()}, {}});
  }
  int ran = 0;
  for (const Client& client : clients) {
    if (!on_path(client.argv[0])) continue;
    ++ran;
    ProcessResult result = inside(client.argv, client.env);
    EXPECT_EQ(result.exit_code, 0) << client.name << ": " << result.stderr_text << result.spawn_error;
    EXPECT_EQ(result.stdout_text, "200") << client.name;
  }
  EXPECT_GT(ran, 0);

  // With the system's own bundle the same server is refused: the overlaid stores, not luck, make it pass.
  fs::copy_file("/etc/ssl/certs/ca-certificates.crt", dir / "system.pem");
  ProcessResult system_only =
      inside({"curl", "-sS", "--capath", "/nonexistent", "--cacert", (dir / "system.pem").string(), url});
  EXPECT_EQ(system_only.exit_code, 60) << system_only.stderr_text;  // curl: peer certificate cannot be authenticated

  ProcessResult elsewhere = inside({"curl", "-sS", "https://api.example.org/"});
  EXPECT_NE(elsewhere.exit_code, 0);
  EXPECT_EQ(sandbox->refused_names().at(0).name, "api.example.org");

  stop_server = true;
  server.get();
}

}  // namespace
}  // namespace cldcert::network
