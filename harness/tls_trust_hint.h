// When an integration's client refused the run CA's own certificate (not a probe): the lines the run's
// summary prints, naming the steps, the client's alert and the trust settings to point the client at.
#pragma once

#include <string>
#include <vector>

#include "harness/scenario_run.h"

namespace cldcert {

// "" when no client refused the run CA. Text the client chose (its server name, the alert) is escaped.
std::string tls_trust_hint(const std::vector<ScenarioOutcome>& outcomes);

}  // namespace cldcert
