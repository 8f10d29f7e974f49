#include "harness/checks/doc_sections.h"

#include <algorithm>
#include <regex>

#include "mocks/text.h"

namespace cldcert {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    auto nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

// "## Install ##" → level 2, "Install"; 0 when the line is no ATX heading (at most 3 spaces indent).
int atx_level(std::string_view line, std::string& text) {
  std::size_t indent = line.find_first_not_of(' ');
  if (indent == std::string_view::npos || indent > 3) return 0;
  line.remove_prefix(indent);
  std::size_t hashes = line.find_first_not_of('#');
  if (hashes == 0 || hashes > 6) return 0;
  if (hashes != std::string_view::npos && line[hashes] != ' ' && line[hashes] != '\t') return 0;
  std::string_view rest = hashes == std::string_view::npos ? "" : text::trim(line.substr(hashes));
  while (!rest.empty() && rest.back() == '#') rest.remove_suffix(1);
  text = std::string(text::trim(rest));
  return static_cast<int>(hashes == std::string_view::npos ? line.size() : hashes);
}

bool is_setext_underline(std::string_view line, char c) {
  line = text::trim(line);
  return line.size() >= 2 && line.find_first_not_of(c) == std::string_view::npos;
}

bool is_fence(std::string_view line) {
  line = text::trim(line);
  return line.starts_with("```") || line.starts_with("~~~");
}

// Lower-case ASCII words; other bytes (é, ü, …) stay inside words, so "Désinstallation" is one.
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalpha(u) || u >= 0x80) {
      word.push_back(static_cast<char>(std::tolower(u)));
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

struct Topic {
  std::string name;
  std::vector<std::string> stems;    // a word starting with one of these
  std::vector<std::string> phrases;  // consecutive words, each given whole
};

const std::vector<Topic>& topics() {
  static const std::vector<Topic> kTopics = {
      {"install",
       {"install", "instal", "setup", "quickstart", "einricht"},
       {"getting started", "get started", "quick start", "set up", "first steps"}},
      {"update",
       {"update", "updating", "upgrad", "aktualis", "actualiz", "aggiorn", "migrat"},
       {"mise à jour", "new version"}},
      {"uninstall",
       {"uninstall", "deinstall", "desinstal", "désinstal", "disinstall", "removal", "removing", "remove", "entfern"},
       {}},
      {"usage",
       {"usage", "using", "configur", "command", "example", "verwendung", "nutzung", "benutzung", "utilisation",
        "utilizzo", "uso", "tutorial"},
       {"how to use", "how to", "use"}},
      {"known_issues",
       {"limitation", "limitacion", "limitación", "caveat", "troubleshoot", "einschränk", "gotcha", "erratum",
        "errata"},
       {"known issue", "known issues", "known problems", "known bugs", "bekannte probleme", "problèmes connus",
        "problemas conocidos"}},
      {"contact",
       {"support", "contact", "kontakt", "contacto", "soporte", "maintainer", "feedback", "assistance"},
       {"getting help", "get help", "help", "questions"}},
  };
  return kTopics;
}

bool has_phrase(const std::vector<std::string>& words, const std::vector<std::string>& phrase) {
  if (phrase.empty() || phrase.size() > words.size()) return false;
  for (std::size_t i = 0; i + phrase.size() <= words.size(); ++i) {
    if (std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<std::ptrdiff_t>(i))) return true;
  }
  return false;
}

std::vector<std::string> regex_all(std::string_view text, const std::regex& pattern) {
  std::vector<std::string> out;
  std::string copy(text);
  for (auto it = std::sregex_iterator(copy.begin(), copy.end(), pattern); it != std::sregex_iterator(); ++it) {
    out.push_back(it->str());
  }
  return out;
}

}  // namespace

std::vector<DocHeading> markdown_headings(std::string_view markdown) {
  std::vector<DocHeading> out;
  const auto lines = lines_of(markdown);
  std::vector<std::size_t> body_from;
  bool in_fence = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (is_fence(lines[i])) in_fence = !in_fence;
    if (in_fence || is_fence(lines[i])) continue;
    std::string text;
    int level = atx_level(lines[i], text);
    const std::size_t heading_line = i + 1;
    std::size_t first_body = i + 1;
    if (level == 0 && i + 1 < lines.size() && !text::trim(lines[i]).empty() && lines[i].find_first_not_of(' ') < 4 &&
        (is_setext_underline(lines[i + 1], '=') || is_setext_underline(lines[i + 1], '-'))) {
      // "Title\n-----" is a heading, unless the line above continues a paragraph, or it is a list item or table.
      std::string above;
      bool paragraph_above = i > 0 && !text::trim(lines[i - 1]).empty() && atx_level(lines[i - 1], above) == 0;
      if (!paragraph_above && !text::trim(lines[i]).starts_with("- ") && !text::trim(lines[i]).starts_with("|")) {
        level = text::trim(lines[i + 1]).front() == '=' ? 1 : 2;
        text = std::string(text::trim(lines[i]));
        first_body = i + 2;
        ++i;
      }
    }
    if (level == 0) continue;
    out.push_back({heading_line, level, text, ""});
    body_from.push_back(first_body);
  }
  for (std::size_t h = 0; h < out.size(); ++h) {
    std::size_t end = lines.size();
    for (std::size_t next = h + 1; next < out.size(); ++next) {
      if (out[next].level <= out[h].level) {
        end = out[next].line - 1;
        break;
      }
    }
    for (std::size_t l = body_from[h]; l < end && l < lines.size(); ++l) {
      out[h].body += std::string(lines[l]) + "\n";
    }
  }
  return out;
}

const std::vector<std::string>& doc_topics() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const auto& t : topics()) names.push_back(t.name);
    return names;
  }();
  return kNames;
}

bool heading_is_about(std::string_view heading, std::string_view topic) {
  const auto words = words_of(heading);
  for (const auto& t : topics()) {
    if (t.name != topic) continue;
    for (const auto& word : words) {
      for (const auto& stem : t.stems) {
        if (word.starts_with(stem)) return true;
      }
    }
    for (const auto& phrase : t.phrases) {
      if (has_phrase(words, words_of(phrase))) return true;
    }
  }
  return false;
}

std::vector<std::string> email_addresses(std::string_view text) {
  static const std::regex kEmail(R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})");
  return regex_all(text, kEmail);
}

std::vector<std::string> urls(std::string_view text) {
  static const std::regex kUrl(R"(https?://[^\s<>()\[\]"'`]+)");
  return regex_all(text, kUrl);
}

}  // namespace cldcert
