// `cldcert report DIR`: renders a bundle's report.json into report.html and report.md with the
// Python renderer (reports/render.py), and the same rendering at the end of `cldcert run`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace cldcert {

struct ReportOptions {
  std::string bundle;
};

void add_report_command(CLI::App& app, ReportOptions& options);
int run_report_command(const ReportOptions& options);

// Where reports/render.py is (runtime_files.h: $CLDCERT_REPORTS_DIR, beside the binary, an installed
// cldcert's share/cldcert/reports, the source tree). nullopt when none holds it.
std::optional<std::filesystem::path> find_renderer();

// Interpreters to try, in order: $CLDCERT_PYTHON, the Python 3 CMake found at configure time,
// then python3 on PATH.
std::vector<std::string> python_candidates();

struct RenderOutcome {
  int exit_code = 0;         // render.py's exit code; 0 rendered
  bool unavailable = false;  // no render.py, no Python 3, or no Jinja2: nothing was tried to the end
  std::string why;           // for unavailable: what was missing
};

// Runs render.py on the bundle with each interpreter in turn until one has what it needs;
// its output goes to this process's stdout/stderr.
// `extra_args` go to render.py after the bundle (e.g. --html FILE --md FILE --quiet).
RenderOutcome render_bundle(const std::filesystem::path& bundle, const std::vector<std::string>& extra_args = {});

// The end of `cldcert run`: render when possible, else say how to render later. Never fails the run.
// `shown` is where the user will find the bundle, when it is rendered in a staging folder first.
void render_after_run(const std::filesystem::path& bundle, const std::filesystem::path& shown = {});

}  // namespace cldcert
