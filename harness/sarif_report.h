// results.sarif of a bundle: one result per failed, errored, warned or waived check (per file it
// points at), as SARIF 2.1.0 for GitHub code scanning, each with a stable partialFingerprints.
#pragma once

#include <nlohmann/json.hpp>

namespace cldcert {

// From report.json alone, so `cldcert merge` writes it the same way `cldcert run` does. A finding
// without a file of its own (requests, steps) points at the integration's manifest, with its
// requests and steps in the message.
nlohmann::json report_sarif(const nlohmann::json& report);

}  // namespace cldcert
