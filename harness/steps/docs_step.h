// The documentation evidence of a run: cldcert.read_docs records the integration's README,
// LICENSE (with the SPDX id licensecheck gives it), CONTRIBUTING and CHANGELOG for the docs checks.
#pragma once

#include <string>

#include "harness/harness_steps.h"

namespace cldcert {

inline constexpr std::size_t kMaxDocumentBytes = 256 * 1024;

// cldcert.read_docs (no args) → {"documents": [{"role", "path", "missing"} or {"role", "path", "sha256",
// "bytes", "text", "truncated"}], "license": {"tool", "spdx", "output"}}. A document the manifest
// names (docs.*) that does not exist is an error; a default one (README.md, LICENSE*, …) that
// does not exist is recorded as missing, for the checks to judge.
HarnessStepResult read_docs(const HarnessStepArgs& args, const HarnessStepContext& context);

// The same for `manifest`, identifying the license with the program `licensecheck` (a path or a
// name searched in PATH); an error when it cannot be run, never a guessed license.
HarnessStepResult read_docs_of(const Manifest& manifest, const std::string& licensecheck);

}  // namespace cldcert
