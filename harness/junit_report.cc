#include "harness/junit_report.h"

#include <cstdint>
#include <string_view>

namespace cldcert {
namespace {

// Length of the well-formed UTF-8 sequence starting at text[at] (RFC 3629: no overlong forms,
// no surrogates, nothing past U+10FFFF), with its code point; 0 when the bytes are not one.
std::size_t utf8_sequence(std::string_view text, std::size_t at, std::uint32_t& code_point) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(at);
  std::size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  if (length == 0 || lead > 0xf4 || at + length > text.size()) return 0;
  code_point = lead & (0x7f >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xc0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(at + i) & 0x3f);
  }
  static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < kSmallest[length] || code_point > 0x10ffff || (code_point >= 0xd800 && code_point <= 0xdfff)) return 0;
  return length;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (std::size_t at = 0; at < text.size(); ++at) {
    char c = text[at];
    if (static_cast<unsigned char>(c) >= 0x80) {
      // The file says UTF-8: a stray byte (a Latin-1 User-Agent, binary in a log) or a code point
      // XML forbids (U+FFFE, U+FFFF) would make it unreadable, so it becomes U+FFFD.
      std::uint32_t code_point = 0;
      std::size_t length = utf8_sequence(text, at, code_point);
      if (length == 0 || code_point == 0xfffe || code_point == 0xffff) {
        out += "\xef\xbf\xbd";
      } else {
        out.append(text.substr(at, length));
        at += length - 1;
      }
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters even escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') out += ' ';
        else out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string junit_xml(const nlohmann::json& report) {
  std::string cases;
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  std::string suites;
  for (const auto& s : report["scenarios"]) {
    std::string name = s["id"];
    int t = 0, f = 0, e = 0, k = 0;
    std::string body;
    auto testcase = [&](const std::string& case_name, const std::string& verdict, const std::string& message,
                        const std::string& details, double seconds) {
      ++t;
      body += "    <testcase classname=\"" + xml_escape(name) + "\" name=\"" + xml_escape(case_name) + "\" time=\"" +
              std::to_string(seconds) + "\">";
      if (verdict == "fail") {
        ++f;
        body += "<failure message=\"" + xml_escape(message) + "\">" + xml_escape(details) + "</failure>";
      } else if (verdict == "error") {
        ++e;
        body += "<error message=\"" + xml_escape(message) + "\">" + xml_escape(details) + "</error>";
      } else if (verdict == "skip" || verdict == "not_applicable" || verdict == "waived") {
        ++k;
        body += "<skipped message=\"" + xml_escape(message) + "\"/>";
      } else if (verdict == "warn") {
        body += "<system-out>" + xml_escape("warning: " + message) + "</system-out>";
      }
      body += "</testcase>\n";
    };
    std::string verdict = s["verdict"];
    if (verdict == "not_applicable") {
      testcase("applicability", "not_applicable", s.value("reason", ""), "", 0);
    } else if (s.contains("skipped")) {
      testcase("run", "skip", s["skipped"], "", 0);
    } else {
      if (s.contains("reason")) testcase("steps", "error", s["reason"], s["reason"], 0);
      for (const auto& c : s["checks"]) {
        std::string details = c.value("message", "");
        if (c.contains("expected")) details += "\nexpected: " + c["expected"].get<std::string>();
        if (c.contains("seen")) details += "\nseen: " + c["seen"].get<std::string>();
        if (c.contains("hint")) details += "\nhow to fix: " + c["hint"].get<std::string>();
        for (const auto& ev : c["evidence"]) details += "\nevidence: " + ev["ref"].get<std::string>() + " " + ev["detail"].get<std::string>();
        testcase(c["id"], c["verdict"], c["message"], details, 0);
      }
    }
    tests += t; failures += f; errors += e; skipped += k;
    suites += "  <testsuite name=\"" + xml_escape(name) + "\" tests=\"" + std::to_string(t) + "\" failures=\"" +
              std::to_string(f) + "\" errors=\"" + std::to_string(e) + "\" skipped=\"" + std::to_string(k) +
              "\" time=\"" + std::to_string(s["duration_ms"].get<double>() / 1000.0) + "\">\n" + body + "  </testsuite>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cldcert\" tests=\"" + std::to_string(tests) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" +
         std::to_string(skipped) + "\">\n" + suites + "</testsuites>\n";
}

}  // namespace cldcert
