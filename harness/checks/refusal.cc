#include "harness/checks/refusal.h"

#include <regex>

#include "mocks/text.h"

namespace cldcert {
namespace {

std::string first_line_matching(std::string_view text, const std::regex& pattern) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // std::regex recurses per character: long lines are no stack frames anyway.
    if (line.size() <= 2048 && std::regex_search(line.begin(), line.end(), pattern)) return std::string(line);
    start = end + 1;
  }
  return "";
}

std::string stack_trace_line(std::string_view text) {
  static const std::regex kFrame(
      R"(^\s+at \S.*:\d+(:\d+)?\)?\s*$|^\s+at \S+ \((native|<anonymous>|node:[^)]*)\)\s*$|^Traceback \(most recent call last\)|^panic: |^goroutine \d+ \[|^Exception in thread |^Stack trace:\s*$|^#\d+ \S+\(\d+\): |^PHP Fatal error: )");
  return first_line_matching(text, kFrame);
}

std::string shorten(const std::string& s, std::size_t n = 200) { return s.size() <= n ? s : s.substr(0, n) + "…"; }

}  // namespace

bool looks_like_stack_trace(std::string_view text) { return !stack_trace_line(text).empty(); }

std::string stderr_excerpt(const StepRecord& step) { return shorten(std::string(text::trim(step.stderr_text)), 400); }

std::vector<std::string> refusal_message_problems(const StepRecord& step) {
  const std::string trace = stack_trace_line(step.stderr_text);
  if (!trace.empty()) return {"crashed with a stack trace (\"" + shorten(std::string(text::trim(trace))) + "\")"};
  if (text::trim(step.stderr_text).empty()) return {"printed no message on stderr"};
  return {};
}

}  // namespace cldcert
