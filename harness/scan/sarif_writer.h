// Findings as a SARIF 2.1.0 log that GitHub code scanning accepts: one run, the rule catalog,
// one error-level result per finding with a secret fingerprint GitHub tracks alerts by.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/scan/finding.h"
#include "harness/scan/unread.h"
#include "harness/version.h"

namespace cldcert::scan {

inline constexpr std::string_view kSarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";

// What was not read becomes one error notification each in invocations[0], and
// executionSuccessful false: code scanning then shows the scan as failed, not as clean.
nlohmann::json sarif_log(const std::vector<Finding>& findings, const std::vector<Unread>& unread = {});

// A SARIF 2.1.0 log with one run of cldcert (name, version; informationUri when the build knows the
// project's home, version.h's kProjectUrl) and these rules and results.
nlohmann::json sarif_envelope(nlohmann::json rules, nlohmann::json results, std::string_view project_url = kProjectUrl);

// Where `path` of cldcert's source tree ("docs/scan.md#rules") is read online at this release's tag,
// "<project_url>/blob/v<version>/<path>"; "" without a project URL (then a rule has no helpUri).
std::string project_doc_uri(std::string_view path, std::string_view project_url = kProjectUrl);

// A relative path as a URI reference: RFC 3986 path characters kept ('/', '!' of archive
// members included), everything else percent-encoded byte by byte.
std::string path_to_uri(std::string_view path);

}  // namespace cldcert::scan
