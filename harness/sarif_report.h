// results.sarif of a bundle: every failed, errored, warned or waived check finding that points at a
// file (secrets in source, docs, uninstall leftovers), as SARIF 2.1.0 for GitHub code scanning.
#pragma once

#include <nlohmann/json.hpp>

namespace cldcert {

// From report.json alone, so `cldcert merge` writes it the same way `cldcert run` does. Findings
// without a file location (requests, steps) stay in report.json and junit.xml.
nlohmann::json report_sarif(const nlohmann::json& report);

}  // namespace cldcert
