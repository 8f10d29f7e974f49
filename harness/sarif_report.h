// results.sarif of a bundle: one result per failed, errored, warned or waived check (per file it
// points at), as SARIF 2.1.0 for GitHub code scanning, each with a stable partialFingerprints.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "harness/version.h"

namespace cldcert {

// From report.json alone, so `cldcert merge` writes it the same way `cldcert run` does. A finding
// without a file of its own (requests, steps) points at the integration's manifest, with its
// requests and steps in the message.
// Each result's message leads with the check's fix (its "hint"), which properties.fix carries too:
// SARIF's own `fixes` are file edits, which a finding about traffic has none of. Links go to
// `project_url` (version.h's kProjectUrl) when there is one.
nlohmann::json report_sarif(const nlohmann::json& report, std::string_view project_url = kProjectUrl);

}  // namespace cldcert
