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
  if (how == "dns") return "a DNS lookup in the sandbox";
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
      // A refused lookup never got as far as a port.
      std::string target = attempt.port > 0 ? attempt.host + ":" + std::to_string(attempt.port) : attempt.host;
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

CheckResult check_network_tls_verified(const CheckInput& input) {
  std::vector<const StepRecord*> probed;
  bool watched = false;
  for (const auto& step : input.steps) {
    watched = watched || step.tls.has_value();
    if (step.tls && step.tls_probe != network::TlsProbe::kNone && step.skipped.empty()) probed.push_back(&step);
  }
  if (!watched) {
    return skipped_check(
        "nothing presented TLS (--network env): run with --network proxy or sandbox to judge certificate checks");
  }
  if (probed.empty()) return skipped_check("no step of this scenario probed the client's certificate checks");
  Findings f("the client refuses a certificate it cannot verify (unknown issuer, another host's name)");
  std::size_t judged = 0;
  for (const StepRecord* step : probed) {
    const network::TlsHandshake* accepted = nullptr;
    const network::TlsHandshake* refused = nullptr;
    for (const auto& h : *step->tls) {
      if (h.probe != step->tls_probe) continue;
      if (h.accepted && accepted == nullptr) accepted = &h;
      if (!h.accepted && refused == nullptr) refused = &h;
    }
    if (accepted == nullptr && refused == nullptr) continue;  // no connection while the probe was up
    ++judged;
    f.judge();
    if (accepted != nullptr) {
      f.add(*step, nullptr,
            "took " + network::describe_probe(step->tls_probe, accepted->host) +
                ": it does not verify certificates, so anyone on the path can pose as Cloudinary and read its "
                "API key, signatures and uploads");
    } else {
      f.also(step_evidence(
          *step, "refused " + network::describe_probe(step->tls_probe, refused->host) + " (" + refused->alert + ")"));
    }
  }
  if (judged == 0) {
    return f.error("no probed step opened a TLS connection, so its certificate checks were never tested",
                   "The probed steps must reach Cloudinary (an upload): check the step's output for why it did not.");
  }
  return f.conclude(judged, "probed steps", "refused every certificate it could not verify",
                    "took a certificate it could not verify",
                    "Keep certificate verification on (curl: CURLOPT_SSL_VERIFYPEER true and CURLOPT_SSL_VERIFYHOST "
                    "2; Node: no rejectUnauthorized: false; Python: no verify=False). Where a host's CA store is "
                    "outdated, ship a current bundle or let users name one instead.");
}

}  // namespace cldcert
