#include "harness/github_annotations.h"

#include <fstream>
#include <map>
#include <set>
#include <vector>

#include "harness/file_ref.h"
#include "harness/terminal_text.h"

namespace cldcert {
namespace {

// docs.github.com/actions/reference/workflow-commands-for-github-actions: data escapes %, CR and LF;
// a property value also ':' and ','. Control characters are shown escaped first (terminal_text),
// so the integration's text can neither end the command nor colour the log.
std::string escaped(const std::string& text, bool property) {
  std::string out;
  for (char c : terminal_text(text, "")) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_data(const std::string& text) { return escaped(text, false); }
std::string escape_property(const std::string& text) { return escaped(text, true); }

struct Finding {
  std::string level;  // error | warning
  std::string title;
  std::string message;
  std::vector<std::string> scenarios;
  std::set<std::string> files;  // evidence refs of kind "file", as cited
};

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

std::string github_annotations(const nlohmann::json& report) {
  std::map<std::string, Finding> by_check;
  std::vector<std::string> order;
  for (const auto& s : report.value("scenarios", nlohmann::json::array())) {
    for (const auto& c : s.value("checks", nlohmann::json::array())) {
      const std::string verdict = c.value("verdict", "");
      if (verdict != "fail" && verdict != "error" && verdict != "warn") continue;
      const std::string id = c.value("id", "");
      auto [it, added] = by_check.try_emplace(id);
      Finding& f = it->second;
      if (added) {
        order.push_back(id);
        f.level = verdict == "warn" ? "warning" : "error";
        f.title = id + (c.value("item", "").empty() ? "" : " (" + c.value("item", "") + ")");
        f.message = c.value("message", "");
        if (c.contains("hint")) f.message += " Fix: " + c["hint"].get<std::string>();
      } else if (verdict != "warn") {
        f.level = "error";
      }
      f.scenarios.push_back(s.value("id", ""));
      for (const auto& e : c.value("evidence", nlohmann::json::array())) {
        if (e.value("kind", "") == "file") f.files.insert(e.value("ref", ""));
      }
    }
  }
  std::string out;
  for (const auto& id : order) {
    const Finding& f = by_check[id];
    const std::string message =
        escape_data(f.message + " (scenario" + (f.scenarios.size() > 1 ? "s" : "") + ": " + joined(f.scenarios) + ")");
    if (f.files.empty()) {
      out += "::" + f.level + " title=" + escape_property(f.title) + "::" + message + "\n";
      continue;
    }
    for (const auto& cited : f.files) {
      // A file outside the repository has no place GitHub can show: named in the message instead;
      // an archive member is annotated on its archive.
      const auto place = repository_ref(cited);
      if (!place) {
        out +=
            "::" + f.level + " title=" + escape_property(f.title) + "::" + message + escape_data(" in " + cited) + "\n";
        continue;
      }
      std::string where = "file=" + escape_property(place->path);
      if (place->line > 0) where += ",line=" + std::to_string(place->line);
      if (place->column > 0) where += ",col=" + std::to_string(place->column);
      out += "::" + f.level + " " + where + ",title=" + escape_property(f.title) + "::" + message +
             (place->member.empty() ? "" : escape_data(" in member " + place->member)) + "\n";
    }
  }
  return out;
}

bool append_step_summary(const std::filesystem::path& summary, const std::string& markdown,
                         const std::string& whole_report) {
  // "GITHUB_STEP_SUMMARY ... the maximum size is 1MiB per step" (docs.github.com, workflow commands).
  constexpr std::size_t kLimit = 1024 * 1024;
  const std::string note =
      "\n\n*The report is cut here (GitHub shows at most 1 MiB); the whole report is " + whole_report + ".*\n";
  std::string text = markdown;
  if (text.size() > kLimit) {
    std::size_t cut = kLimit - note.size();
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
    cut = text.rfind('\n', cut) == std::string::npos ? cut : text.rfind('\n', cut);
    text = text.substr(0, cut) + note;
  }
  std::ofstream out(summary, std::ios::binary | std::ios::app);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace cldcert
