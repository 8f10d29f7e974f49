#include "harness/junit_report.h"

#include <string_view>

#include "mocks/utf8.h"

namespace cldcert {
namespace {

std::string xml_escape(std::string_view text) {
  std::string out;
  for (std::size_t at = 0; at < text.size(); ++at) {
    char c = text[at];
    if (static_cast<unsigned char>(c) >= 0x80) {
      // The file says UTF-8: a stray byte (a Latin-1 User-Agent, binary in a log) or a code point
      // XML forbids (U+FFFE, U+FFFF) would make it unreadable, so it becomes U+FFFD.
      char32_t code_point = 0;
      std::size_t length = mock::utf8_sequence(text, at, &code_point);
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
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r')
          out += ' ';
        else
          out.push_back(c);
    }
  }
  return out;
}

std::string seconds(double ms) { return std::to_string(ms / 1000.0); }

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
                        const std::string& details, double duration_ms) {
      ++t;
      body += "    <testcase classname=\"" + xml_escape(name) + "\" name=\"" + xml_escape(case_name) + "\" time=\"" +
              seconds(duration_ms) + "\">";
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
    const bool errored = s.value("errored", false) || (verdict == "error" && s.contains("reason"));
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
        for (const auto& ev : c["evidence"])
          details += "\nevidence: " + ev["ref"].get<std::string>() + " " + ev["detail"].get<std::string>();
        // The checklist item in the name: CI test views show names, not properties.
        const std::string item = c.value("item", "");
        std::string check_verdict = c["verdict"], message = c["message"];
        // A check that passed in a scenario that stopped at an error judged only what ran before it:
        // a CI view must not count that as a pass.
        if (errored && check_verdict == "pass") {
          check_verdict = "skip";
          message = "passed on what ran before the scenario stopped at an error (" + s.value("reason", "") +
                    "): not a pass until the scenario runs to the end; " + message;
        }
        testcase(c["id"].get<std::string>() + (item.empty() ? "" : " [" + item + "]"), check_verdict, message, details,
                 c.value("duration_ms", 0.0));
      }
    }
    tests += t;
    failures += f;
    errors += e;
    skipped += k;
    // When the scenario started, as report.json says it (UTC, "Z"): a reader that knows no zone reads the
    // date and time before it, one that does is not left guessing. A scenario that did not run has none.
    const std::string started = s.value("started_at", "");
    suites += "  <testsuite name=\"" + xml_escape(name) + "\" tests=\"" + std::to_string(t) + "\" failures=\"" +
              std::to_string(f) + "\" errors=\"" + std::to_string(e) + "\" skipped=\"" + std::to_string(k) +
              "\" time=\"" + seconds(s["duration_ms"].get<double>()) + "\"" +
              (started.empty() ? "" : " timestamp=\"" + xml_escape(started) + "\"") + ">\n" + body + "  </testsuite>\n";
  }
  // Readiness as a test case, so a CI view shows whether the bundle can be submitted: passed when
  // it can; otherwise skipped (not failed: a passing run with --skip-large is a sound PR gate)
  // with each obstacle.
  if (report.contains("submission_ready")) {
    const auto& readiness = report["submission_ready"];
    std::string body = "    <testcase classname=\"submission\" name=\"submission-ready\" time=\"0.000000\">";
    const bool ready = readiness.value("ready", false);
    if (!ready) {
      std::string obstacles;
      for (const auto& o : readiness.value("obstacles", nlohmann::json::array())) {
        obstacles += (obstacles.empty() ? "" : "; ") + o.get<std::string>();
      }
      body += "<skipped message=\"" + xml_escape("not submission-ready: " + obstacles) + "\"/>";
    }
    body += "</testcase>\n";
    ++tests;
    if (!ready) ++skipped;
    suites += std::string("  <testsuite name=\"submission\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"") +
              (ready ? "0" : "1") + "\" time=\"0.000000\">\n" + body + "  </testsuite>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cldcert\" tests=\"" + std::to_string(tests) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" +
         std::to_string(skipped) + "\" time=\"" + seconds(report.value("duration_ms", 0.0)) + "\">\n" + suites +
         "</testsuites>\n";
}

}  // namespace cldcert
