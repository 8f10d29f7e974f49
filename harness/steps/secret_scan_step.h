// The secret-leak evidence of a run: cldcert.scan_secrets scans what the manifest declares (source,
// git history, artifacts, logs) with the run's secrets; output_leaks scans a step's raw output.
#pragma once

#include <string_view>
#include <vector>

#include "harness/harness_steps.h"

namespace cldcert {

// cldcert.scan_secrets: where = source | history | artifacts | logs →
// {"where", "scanned": [paths], "missing": [paths], "findings": [finding JSON], "warnings": [...],
//  "unread": ["path: why", …] (what could not be read: the checks then cannot pass)}.
// Paths are shown as the manifest wrote them ({workdir}/dist/…, src/…); a declared path that does
// not exist is listed under "missing", not an error (logs in particular may never be written).
HarnessStepResult scan_secrets(const HarnessStepArgs& args, const HarnessStepContext& context);

// The leaks in one stream of a step's output, before it is redacted for the record.
std::vector<OutputLeak> output_leaks(std::string_view stream, std::string_view text,
                                     const std::vector<std::string>& secrets);

}  // namespace cldcert
