#include "harness/tls_trust_hint.h"

#include "harness/checks/check.h"
#include "harness/terminal_text.h"

namespace cldcert {
namespace {

constexpr std::size_t kShown = 3;

}  // namespace

std::string tls_trust_hint(const std::vector<ScenarioOutcome>& outcomes) {
  std::vector<std::string> refusals;
  for (const auto& outcome : outcomes) {
    for (const auto& step : outcome.steps) {
      if (!step.tls) continue;
      for (const auto& handshake : *step.tls) {
        // A refused probe is the client doing right; only the run CA's own certificate must be taken.
        if (handshake.probe != network::TlsProbe::kNone || handshake.accepted) continue;
        refusals.push_back(outcome.scenario->id + " " + step_ref(step) + ": " + terminal_text(handshake.host, "") +
                           " (" + terminal_text(handshake.alert, "") + ")");
        break;  // one line per step
      }
    }
  }
  if (refusals.empty()) return "";
  std::string out = "TLS: the integration's client refused cldcert's run CA in " + std::to_string(refusals.size()) +
                    " step(s), so those steps never reached the mock:\n";
  for (std::size_t i = 0; i < refusals.size() && i < kShown; ++i) out += "  " + refusals[i] + "\n";
  if (refusals.size() > kShown) out += "  … and " + std::to_string(refusals.size() - kShown) + " more\n";
  out +=
      "  cldcert points SSL_CERT_FILE, NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE and PHP's "
      "curl.cainfo/openssl.cafile (PHP_INI_SCAN_DIR) at a bundle holding the run CA, and in the sandbox mounts it "
      "over the system, certifi and in-tree stores. This client reads none of them: make it read SSL_CERT_FILE "
      "(or the variable of its runtime; Java: -Djavax.net.ssl.trustStore), or keep its CA file in the "
      "integration's tree as cacert.pem or ca-bundle.crt.\n";
  return out;
}

}  // namespace cldcert
