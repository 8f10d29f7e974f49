#include "harness/provenance.h"

#include <sys/utsname.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <regex>
#include <thread>

#include "harness/build_commit.h"
#include "harness/process_runner.h"
#include "harness/version.h"

namespace cldcert {
namespace {

constexpr const char* kRedacted = "[REDACTED]";

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

std::string without_url_credentials(const std::string& text) {
  static const std::regex url(R"(cloudinary://[^\s@/]*@)", std::regex::icase);
  return std::regex_replace(text, url, std::string("cloudinary://") + kRedacted + "@");
}

std::string redacted_env_pair(const std::string& pair) {
  const auto eq = pair.find('=');
  if (eq != std::string::npos && secret_looking_name(pair.substr(0, eq))) return pair.substr(0, eq + 1) + kRedacted;
  return without_url_credentials(pair);
}

struct GitAnswer {
  bool ok = false;
  std::string out, err;
};

GitAnswer git(const std::filesystem::path& dir, std::vector<std::string> args) {
  ProcessSpec spec;
  spec.argv = {"git", "--no-optional-locks", "-C", dir.string()};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.timeout = std::chrono::milliseconds(10000);
  spec.env = {{"GIT_OPTIONAL_LOCKS", "0"}, {"LC_ALL", "C"}};
  const ProcessResult r = run_process(spec);
  return {r.exit_code == 0, r.stdout_text, r.spawn_failed ? r.spawn_error : r.stderr_text};
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

bool secret_looking_name(const std::string& name) {
  const std::string n = upper(name);
  for (const char* word : {"SECRET", "TOKEN", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL", "AUTH", "CLOUDINARY_URL"}) {
    if (n.find(word) != std::string::npos) return true;
  }
  return false;
}

std::vector<std::string> redacted_command(const std::vector<std::string>& argv) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg.starts_with("--env=")) {
      out.push_back("--env=" + redacted_env_pair(arg.substr(6)));
    } else if (i > 0 && argv[i - 1] == "--env") {
      out.push_back(redacted_env_pair(arg));
    } else {
      out.push_back(without_url_credentials(arg));
    }
  }
  return out;
}

nlohmann::json source_revision(const std::filesystem::path& dir) {
  const GitAnswer head = git(dir, {"rev-parse", "HEAD"});
  if (!head.ok) {
    return {{"commit", nullptr}, {"reason", "not a git checkout git can read: " + first_line(head.err)}};
  }
  const GitAnswer status = git(dir, {"status", "--porcelain", "--untracked-files=no", "--", "."});
  nlohmann::json out = {{"commit", first_line(head.out)}};
  if (status.ok) {
    out["dirty"] = !status.out.empty();
  } else {
    out["dirty"] = nullptr;
    out["reason"] = "git status failed: " + first_line(status.err);
  }
  return out;
}

nlohmann::json ci_run(const std::function<std::string(const char*)>& env) {
  // https://docs.github.com/en/actions/learn-github-actions/variables#default-environment-variables
  if (!env("GITHUB_RUN_ID").empty() && !env("GITHUB_REPOSITORY").empty() && !env("GITHUB_SERVER_URL").empty()) {
    return {{"github",
             {{"server_url", env("GITHUB_SERVER_URL")},
              {"repository", env("GITHUB_REPOSITORY")},
              {"run_id", env("GITHUB_RUN_ID")}}}};
  }
  // https://docs.gitlab.com/ee/ci/variables/predefined_variables.html
  if (!env("CI_JOB_URL").empty()) return {{"gitlab", {{"job_url", env("CI_JOB_URL")}}}};
  return nullptr;
}

nlohmann::json run_provenance(const std::vector<std::string>& argv, const std::filesystem::path& integration_dir) {
  utsname machine{};
  ::uname(&machine);
  nlohmann::json ci = ci_run([](const char* name) {
    const char* value = std::getenv(name);
    return std::string(value ? value : "");
  });
  return {{"command", redacted_command(argv)},
          {"ci", ci},
          {"cldcert", {{"version", kVersion}, {"commit", kBuildCommit}}},
          {"integration_source", source_revision(integration_dir)},
          {"machine",
           {{"os", std::string(machine.sysname) + " " + machine.release},
            {"arch", machine.machine},
            {"cpus", std::thread::hardware_concurrency()}}}};
}

}  // namespace cldcert
