#include "harness/checks/network_checks.h"

#include <algorithm>
#include <set>

#include "harness/manifest.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

// How the client named the host, as a finding reads it (network::EgressAttempt::how).
std::string named_by(const std::string& how) {
  if (how == "connect") return "a CONNECT request";
  if (how == "sni") return "its TLS server name";
  if (how == "absolute_url") return "a request to an absolute URL";
  if (how == "host_header") return "its Host header";
  return how;
}

}  // namespace

CheckResult check_network_egress(const CheckInput& input) {
  std::size_t watched = 0;
  for (const auto& step : input.steps) watched += step.egress.has_value() ? 1 : 0;
  if (watched == 0) {
    return skipped_check("nothing watched the network (--network env): run with --network proxy to judge egress");
  }
  const auto& expected = input.manifest.network_expected_hosts;
  std::string wanted = "connections to Cloudinary's hosts only";
  if (!expected.empty()) wanted += " and " + text::join(expected, ", ");
  Findings f(wanted);
  std::set<std::string> allowed_seen;
  for (const auto& step : input.steps) {
    if (!step.egress) continue;
    f.judge();
    for (const auto& attempt : *step.egress) {
      std::string target = attempt.host + ":" + std::to_string(attempt.port);
      if (std::find(expected.begin(), expected.end(), attempt.host) != expected.end()) {
        if (allowed_seen.insert(attempt.host).second) {
          f.also(step_evidence(step, "called " + target + " (an expected host, by " + named_by(attempt.how) + ")"));
        }
        continue;
      }
      f.add(step, nullptr, "called " + target + " (refused; named by " + named_by(attempt.how) + ")");
    }
  }
  return f.conclude(watched, "steps", "called no host but Cloudinary's", "called another host",
                    "An integration should talk to Cloudinary only: remove the third-party call, or declare the host "
                    "in the manifest's network.expected_hosts if users must know it is called.");
}

}  // namespace cldcert
