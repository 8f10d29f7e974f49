// Reading a README the way a person skims it: its Markdown headings (ATX and setext, not inside
// code fences) and which topic each is about (install, update, uninstall, usage, …), by synonyms.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cldcert {

struct DocHeading {
  std::size_t line = 0;  // 1-based
  int level = 1;
  std::string text;  // without the #s and trailing #s
  std::string body;  // the lines up to the next heading of the same or a higher level
};

std::vector<DocHeading> markdown_headings(std::string_view markdown);

// The topics a README must cover, in report order.
const std::vector<std::string>& doc_topics();  // install, update, uninstall, usage, known_issues, contact

// Whether `heading` is about `topic`: tolerant of wording, case, numbering, punctuation and a few
// common non-English words ("Installation", "Getting started", "Désinstallation", "Mise à jour").
bool heading_is_about(std::string_view heading, std::string_view topic);

// Contact addresses in `text`: e-mail addresses and http(s) URLs, in order.
std::vector<std::string> email_addresses(std::string_view text);
std::vector<std::string> urls(std::string_view text);

}  // namespace cldcert
