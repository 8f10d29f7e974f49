// Times the network sandbox's set-up per scenario (namespaces, resolver files, CA store overlays, DNS
// responder, 443/80 listeners) and its cost per action (a step run through nsenter against the same
// step run directly). Target: set-up under 50 ms. Usage: sandbox_setup_bench [repeats=20].
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "harness/network/scenario_sandbox.h"
#include "harness/process_runner.h"

namespace {

using namespace cldcert;
using namespace cldcert::network;
using Clock = std::chrono::steady_clock;

double median_ms(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
  if (auto reason = sandbox_unavailable_reason()) {
    std::printf("sandbox unavailable: %s\n", reason->c_str());
    return 0;
  }
  const auto folder = std::filesystem::temp_directory_path() / ("cldcert-sandbox-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const auto bundle = folder / "bundle.pem";
  std::filesystem::copy_file("/etc/ssl/certs/ca-certificates.crt", bundle);

  std::vector<double> setup, teardown, direct, joined;
  for (int i = 0; i < repeats; ++i) {
    auto start = Clock::now();
    std::string error;
    ScenarioSandboxOptions options;
    options.folder = folder / "resolver";
    options.ca_bundle = bundle;
    auto sandbox = ScenarioSandbox::create(options, error);
    if (!sandbox) {
      std::printf("set-up failed: %s\n", error.c_str());
      return 1;
    }
    setup.push_back(ms_since(start));

    ProcessSpec step;
    step.argv = {"/bin/true"};
    start = Clock::now();
    run_process(step);
    direct.push_back(ms_since(start));
    step.launcher = sandbox->launcher({});
    start = Clock::now();
    run_process(step);
    joined.push_back(ms_since(start));

    start = Clock::now();
    sandbox.reset();
    teardown.push_back(ms_since(start));
  }
  std::filesystem::remove_all(folder);
  std::printf("sandbox set-up (namespaces, overlays, DNS, listeners): median %.2f ms over %d\n", median_ms(setup),
              repeats);
  std::printf("sandbox teardown: median %.2f ms\n", median_ms(teardown));
  std::printf("one step, direct: median %.2f ms; through the sandbox (nsenter): median %.2f ms\n", median_ms(direct),
              median_ms(joined));
  std::printf("set-up + teardown per action, if every action had its own sandbox: %.2f ms (target < 50 ms)\n",
              median_ms(setup) + median_ms(teardown) + median_ms(joined) - median_ms(direct));
  return 0;
}
