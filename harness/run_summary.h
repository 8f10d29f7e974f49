// What `cldcert run` prints: a line per scenario as it finishes, and the one-screen summary at the
// end (findings with how to fix them, checklist, waivers, time, verdict), coloured when wanted.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "harness/scenario_run.h"

namespace cldcert {

struct Style {
  bool color = false;
  // `text` in the colour of `verdict` (pass green, fail/error red, warn yellow, waived magenta).
  std::string paint(std::string_view verdict, const std::string& text) const;
};

// `--color auto`: stdout is a terminal, NO_COLOR (no-color.org) is unset or empty, and TERM is not "dumb".
bool colour_wanted(bool terminal, const char* no_color, const char* term);
bool colour_terminal();  // colour_wanted for this process's stdout and environment

// "  pass   upload-basics  12.3 s": the verdict (or n/a with the reason, or why it was skipped).
std::string scenario_line(const ScenarioOutcome& outcome, const Style& style);

// Printed once the bundle is written, `out` being where it is. Every string of the report may hold
// text the integration printed or chose: each is shown escaped.
void print_summary(const nlohmann::json& report, const Style& style, const std::filesystem::path& out);

}  // namespace cldcert
