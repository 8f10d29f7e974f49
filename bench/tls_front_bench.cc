// The network front's cost on a large upload: the same file POSTed by the curl CLI straight to the mock
// (plain HTTP, as --network env) and through the front (CONNECT, TLS terminated with the run CA, as
// --network proxy). Prints the CPU seconds per GiB cldcert's process spent (mock + front; the client is
// another process) and the wall time of each. Usage: tls_front_bench [MiB=1126] [folder=/tmp].
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "harness/network/run_ca.h"
#include "harness/network/tls_front.h"
#include "harness/network/trust_bundle.h"
#include "mocks/accounts.h"
#include "mocks/http_server.h"
#include "mocks/mock_cloudinary.h"

namespace {

using namespace cldcert;

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Runs argv; its exit status.
int run(const std::vector<std::string>& argv) {
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Measure {
  double cpu_s = 0;
  double wall_s = 0;
  int exit = 0;
};

Measure measure(const std::vector<std::string>& argv) {
  double cpu = process_cpu_seconds();
  auto wall = std::chrono::steady_clock::now();
  Measure m;
  m.exit = run(argv);
  m.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
  m.cpu_s = process_cpu_seconds() - cpu;
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t mib = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1126;
  const std::filesystem::path folder =
      std::filesystem::path(argc > 2 ? argv[2] : "/tmp") / ("cldcert-tls-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(folder);
  const auto file = folder / "large.bin";
  {
    std::ofstream out(file, std::ios::binary);
    std::string block(1 << 20, '\0');
    for (std::size_t i = 0; i < block.size(); ++i) block[i] = static_cast<char>((i * 2654435761u) >> 13);
    for (std::uint64_t i = 0; i < mib; ++i) out.write(block.data(), static_cast<std::streamsize>(block.size()));
  }
  const double gib = static_cast<double>(mib) / 1024.0;

  mock::MockOptions options;
  options.accounts = mock::generate_accounts(1, 1, 1);
  mock::MockCloudinary mock(std::move(options));
  const std::string cloud = mock.accounts().accounts.at(0).clouds.at(0).cloud_name;
  network::ConnectionRegistry registry;
  mock::HttpServer server(mock);
  server.set_origin_lookup(registry.lookup());
  const int mock_port = server.bind("127.0.0.1", 0);
  std::thread serving([&] { server.run(); });
  server.wait_until_running();

  auto ca = network::RunCa::create(folder);
  network::write_trust_bundle(folder / "bundle.pem", ca->certificate_pem());
  network::TlsFront front(*ca, registry, mock_port);
  const int listener = network::listen_on_loopback();
  const std::string proxy = "http://127.0.0.1:" + std::to_string(network::local_port_of(listener));
  front.serve({{listener, network::FrontListener::Kind::kPlain}});

  // An unsigned raw upload: the mock reads the whole body before it refuses it, and moving the body is the cost
  // measured (the last line printed shows the bytes the mock received).
  const std::string form = "file=@" + file.string();
  const std::string path = "/v1_1/" + cloud + "/raw/upload";
  Measure plain =
      measure({"curl", "-sS", "-o", "/dev/null", "-F", form, "http://127.0.0.1:" + std::to_string(mock_port) + path});
  Measure tls = measure({"curl", "-sS", "-o", "/dev/null", "--cacert", (folder / "bundle.pem").string(), "--proxy",
                         proxy, "-F", form, "https://api.cloudinary.com" + path});
  std::printf("upload of %.2f GiB, cldcert process CPU (mock + front), curl as the client:\n", gib);
  std::printf("  env (plain HTTP to the mock): %6.2f CPU-s/GiB  %6.2f s wall  curl exit %d\n", plain.cpu_s / gib,
              plain.wall_s, plain.exit);
  std::printf("  proxy (CONNECT + TLS):        %6.2f CPU-s/GiB  %6.2f s wall  curl exit %d\n", tls.cpu_s / gib,
              tls.wall_s, tls.exit);
  auto journal = mock.journal().entries();
  if (!journal.empty()) {
    std::printf("  last request: %s %s, scheme %s, sni %s, %llu body bytes, status %d\n", journal.back().method.c_str(),
                journal.back().path.c_str(), journal.back().scheme.c_str(), journal.back().sni.c_str(),
                static_cast<unsigned long long>(journal.back().body_size), journal.back().status);
  }
  front.stop();
  server.stop();
  serving.join();
  std::filesystem::remove_all(folder);
  return plain.exit == 0 && tls.exit == 0 ? 0 : 1;
}
