// P2's evidence, report-only: cldcert.survey_code records which linter and CI configurations and
// which test folders the integration's repository holds, for quality.evidence to show.
#pragma once

#include <filesystem>

#include "harness/harness_steps.h"

namespace cldcert {

// cldcert.survey_code (no args) → {"linters": [path…], "ci": [path…], "tests": [path…]}, paths
// relative to the manifest's folder, each list sorted. Never an error: an empty list is evidence.
HarnessStepResult survey_code(const HarnessStepArgs& args, const HarnessStepContext& context);

// The same for the repository at `dir` (exposed for tests).
nlohmann::json survey_code_at(const std::filesystem::path& dir);

}  // namespace cldcert
