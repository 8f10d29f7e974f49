#include "harness/report_command.h"

#include <CLI/CLI.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "harness/bundle.h"
#include "harness/exit_codes.h"
#include "harness/runtime_files.h"

extern char** environ;

namespace cldcert {
namespace {

namespace fs = std::filesystem;

// render.py's own exit codes (reports/render.py).
constexpr int kRenderBadBundle = 2;
constexpr int kRenderMissingDependency = 3;
// What a shell reports when a program cannot be run; also posix_spawnp's child on exec failure.
constexpr int kCannotExecute = 127;

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// Runs argv with this process's stdout and stderr, default signal handling and an empty
// signal mask (cldcert run blocks SIGINT/SIGTERM in its threads). Its exit code, or 127
// when it could not be started, 128+N when signal N ended it.
int run_inheriting_output(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::cout.flush();
  std::cerr.flush();
  pid_t pid = 0;
  int error = posix_spawnp(&pid, argv[0], nullptr, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  if (error != 0) return kCannotExecute;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return kCannotExecute;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace

std::optional<fs::path> find_renderer() {
  auto dir = find_runtime_folder(kReportsFolder, "render.py");
  if (!dir) return std::nullopt;
  return *dir / "render.py";
}

std::vector<std::string> python_candidates() {
  std::vector<std::string> out;
  auto add = [&](const std::string& p) {
    if (!p.empty() && std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  };
  add(env_or_empty("CLDCERT_PYTHON"));
  add(CLDCERT_PYTHON);
  add("python3");
  return out;
}

RenderOutcome render_bundle(const fs::path& bundle, const std::vector<std::string>& extra_args) {
  auto renderer = find_renderer();
  if (!renderer) {
    return {kCannotExecute, true,
            "reports/render.py was not found (set CLDCERT_REPORTS_DIR to the folder that holds it)"};
  }
  std::string missing;
  for (const auto& python : python_candidates()) {
    std::vector<std::string> args{python, renderer->string(), bundle.string()};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    int code = run_inheriting_output(args);
    if (code == kCannotExecute) {
      missing += (missing.empty() ? "" : "; ") + python + ": cannot run it";
      continue;
    }
    if (code == kRenderMissingDependency) {
      missing += (missing.empty() ? "" : "; ") + python + ": no Jinja2";
      continue;
    }
    return {code, false, ""};
  }
  return {kRenderMissingDependency, true, "no Python 3 with Jinja2 (" + missing + ")"};
}

void render_after_run(const fs::path& bundle, const fs::path& shown) {
  bool staged = !shown.empty() && shown != bundle;  // render.py must not print the staging folder
  RenderOutcome r = render_bundle(bundle, staged ? std::vector<std::string>{"--quiet"} : std::vector<std::string>{});
  const std::string where = (shown.empty() ? bundle : shown).string();
  if (r.unavailable) {
    std::cerr << "cldcert run: report.html and report.md not rendered: " << r.why
              << ".\n  To render them later: install python3 and python3-jinja2, then run `cldcert report " << where
              << "` (or `python3 reports/render.py " << where << "`).\n";
  } else if (r.exit_code != 0) {
    std::cerr << "cldcert run: rendering report.html and report.md failed (exit " << r.exit_code
              << "); report.json is complete. Retry with `cldcert report " << where << "`.\n";
  } else if (staged) {
    // What render.py says when it renders in place, with the folder the user will find.
    std::cout << "report: " << (fs::path(where) / kReportHtml).string() << " (and report.md)" << std::endl;
  }
}

void add_report_command(CLI::App& app, ReportOptions& o) {
  auto* report = app.add_subcommand(
      "report", "Render a bundle's report.json into report.html and report.md (needs Python 3 with Jinja2)");
  report->add_option("DIR", o.bundle, "The report bundle (the folder of report.json)")->required();
}

int run_report_command(const ReportOptions& o) {
  RenderOutcome r = render_bundle(o.bundle);
  if (r.unavailable) {
    std::cerr << "cldcert report: cannot render: " << r.why << ". Install python3 and python3-jinja2.\n";
    return kExitInternal;
  }
  if (r.exit_code == 0) return kExitOk;
  // render.py has named the problem; a bad bundle is bad input, anything else ours.
  return r.exit_code == kRenderBadBundle ? kExitBadInput : kExitInternal;
}

}  // namespace cldcert
