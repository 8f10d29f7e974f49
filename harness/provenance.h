// Where a run's verdicts came from, for whoever reproduces a bundle: the command and its --env,
// the integration's source revision, cldcert's build and the machine (report.json "provenance").
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cldcert {

// A variable whose name says it holds a credential (SECRET, TOKEN, PASSWORD, KEY, CLOUDINARY_URL…):
// its value is never recorded. The run's own secrets are redacted from the whole bundle anyway;
// these may be the user's own, which cldcert does not know.
bool secret_looking_name(const std::string& name);

// The command line as typed, with the value of each --env KEY=VALUE whose KEY looks secret, and
// the credentials of any cloudinary:// URL, replaced by [REDACTED].
std::vector<std::string> redacted_command(const std::vector<std::string>& argv);

// {"commit", "dirty"} of the git checkout holding `dir` (dirty: a tracked file under `dir`
// changed), or {"commit": null, "reason"} when `dir` is not in one or git cannot say. Reads only:
// git runs with --no-optional-locks, so not even the index is refreshed.
nlohmann::json source_revision(const std::filesystem::path& dir);

// The CI run that ran cldcert, from its environment, so report.md can link the run's artifacts
// (the bundle) wherever it is rendered later: GitHub Actions' server_url/repository/run_id, GitLab's
// job_url; null elsewhere. `env` reads a variable ("" when unset).
nlohmann::json ci_run(const std::function<std::string(const char*)>& env);

nlohmann::json run_provenance(const std::vector<std::string>& argv, const std::filesystem::path& integration_dir);

}  // namespace cldcert
