// What a run tells GitHub Actions: ::error / ::warning workflow commands (annotations on the run's
// page, and on a file where a finding names one) and the Markdown report as the job's step summary.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace cldcert {

// One annotation per failing, errored or warning check, however many scenarios it failed in (they
// are listed), or one per file and line its evidence names. Waived checks are not annotated.
std::string github_annotations(const nlohmann::json& report);

// Appends `markdown` to the step summary file, cut at GitHub's 1 MiB limit with a note saying where
// the whole report is. False when the file cannot be written.
bool append_step_summary(const std::filesystem::path& summary, const std::string& markdown,
                         const std::string& whole_report);

}  // namespace cldcert
