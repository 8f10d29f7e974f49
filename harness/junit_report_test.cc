#include "harness/junit_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>

#include "harness/run_report_test_support.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;
using namespace report_test;
using ::testing::HasSubstr;
using ::testing::Not;

struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
};

int attribute(const std::string& tag, const std::string& name) {
  std::smatch m;
  std::regex re(" " + name + "=\"([0-9]+)\"");
  if (!std::regex_search(tag, m, re)) return -1;
  return std::stoi(m[1]);
}

Counts counts_of(const std::string& tag) {
  return {attribute(tag, "tests"), attribute(tag, "failures"), attribute(tag, "errors"), attribute(tag, "skipped")};
}

std::string tag_of(const std::string& xml, const std::string& start) {
  auto at = xml.find(start);
  if (at == std::string::npos) return "";
  return xml.substr(at, xml.find('>', at) - at + 1);
}

// The python3 that judges: the system one when there is one (a pyenv shim costs 0.2 s a call).
const std::string& python() {
  static const std::string kPython = [] {
    for (const char* path : {"/usr/bin/python3", "/usr/local/bin/python3"}) {
      if (::access(path, X_OK) == 0) return std::string(path);
    }
    return std::string("python3");
  }();
  return kPython;
}

// Runs python3 over `xml`: its parser is the judge of well-formedness; prints what it read.
struct Parsed {
  int status = -1;
  std::string output;
  bool no_python() const { return WIFEXITED(status) && WEXITSTATUS(status) == 127; }
};

Parsed parse_with_python(const std::string& xml) {
  fs::path file = fs::temp_directory_path() / ("cldcert_junit_test_" + std::to_string(::getpid()) + ".xml");
  std::ofstream(file, std::ios::binary) << xml;
  const char* script = R"PY(
import sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])
root = doc.documentElement
print("root", root.tagName)
for kind in ("testcase", "failure", "error", "skipped"):
    print(kind, len(doc.getElementsByTagName(kind)))
for s in doc.getElementsByTagName("testsuite"):
    print("suite", s.getAttribute("name"), len(s.getElementsByTagName("testcase")))
for t in doc.getElementsByTagName("testcase"):
    for f in t.getElementsByTagName("failure") + t.getElementsByTagName("error") + t.getElementsByTagName("skipped"):
        print("message", t.getAttribute("name"), repr(f.getAttribute("message")))
)PY";
  std::string command = python() + " -c '" + std::string(script) + "' '" + file.string() + "' 2>&1";
  Parsed out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  if (!pipe) return out;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0) out.output.append(buffer, n);
  out.status = ::pclose(pipe.release());
  fs::remove(file);
  return out;
}

class JunitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    basics_ = scenario("upload-basics", {"T1", "T2", "P3"}, {"ua.format", "ua.sdk", "secret.traffic"});
    broken_ = scenario("broken", {"T2"}, {"ua.format"});
    video_ = scenario("video", {"R3"}, {"ua.format"});
    CheckResult leak = check("secret.traffic", Verdict::kFail, "the API secret was sent over the wire");
    leak.expected = "no secret";
    leak.seen = "secret in form field 'api_secret'";
    leak.hint = "sign server-side";
    leak.evidence = {Evidence{"request", "journal:4", "POST /v1_1/demo/image/upload at 12:00:01.000"}};
    ScenarioOutcome basics =
        outcome(basics_, Verdict::kFail, {check("ua.format", Verdict::kPass), check("ua.sdk", Verdict::kWarn), leak});
    ScenarioOutcome broken = outcome(broken_, Verdict::kError, {check("ua.format", Verdict::kSkip)});
    broken.reason = "step 1 (install) exited with 3";
    outcomes_ = {basics, broken, not_applicable(video_, "the manifest does not declare the capability video")};
  }
  std::string xml() { return junit_xml(build_report(test_manifest(), outcomes_, metadata())); }

  Scenario basics_, broken_, video_;
  std::vector<ScenarioOutcome> outcomes_;
};

TEST_F(JunitTest, CountsTestsFailuresErrorsAndSkips) {
  std::string x = xml();
  // upload-basics: 3 checks, 1 failure (the warning passes, with a note); broken: the steps error
  // plus a skipped check; video: one skipped "applicability" case; submission: not ready, skipped.
  Counts all = counts_of(tag_of(x, "<testsuites"));
  EXPECT_EQ(all.tests, 7);
  EXPECT_EQ(all.failures, 1);
  EXPECT_EQ(all.errors, 1);
  EXPECT_EQ(all.skipped, 3);
  Counts basics = counts_of(tag_of(x, "<testsuite name=\"upload-basics\""));
  EXPECT_EQ(basics.tests, 3);
  EXPECT_EQ(basics.failures, 1);
  EXPECT_EQ(basics.errors, 0);
  EXPECT_EQ(basics.skipped, 0);
  Counts broken = counts_of(tag_of(x, "<testsuite name=\"broken\""));
  EXPECT_EQ(broken.tests, 2);
  EXPECT_EQ(broken.errors, 1);
  EXPECT_EQ(broken.skipped, 1);
  Counts video = counts_of(tag_of(x, "<testsuite name=\"video\""));
  EXPECT_EQ(video.tests, 1);
  EXPECT_EQ(video.skipped, 1);
  EXPECT_THAT(tag_of(x, "<testsuite name=\"upload-basics\""), HasSubstr("time=\"1.500000\""));
  EXPECT_THAT(x, HasSubstr("<system-out>warning: ua.sdk said warn</system-out>"));
  EXPECT_THAT(x, HasSubstr("<skipped message=\"the manifest does not declare the capability video\"/>"));
  // The failure's body carries what a CI reader needs to fix it.
  EXPECT_THAT(x, HasSubstr("expected: no secret"));
  EXPECT_THAT(x, HasSubstr("seen: secret in form field &apos;api_secret&apos;"));
  EXPECT_THAT(x, HasSubstr("how to fix: sign server-side"));
  EXPECT_THAT(x, HasSubstr("evidence: journal:4 POST /v1_1/demo/image/upload"));
}

TEST_F(JunitTest, ACheckThatPassedInAnErroredScenarioIsNoPass) {
  outcomes_[1].checks.push_back(check("secret.traffic", Verdict::kPass, "no secret in the requests before it stopped"));
  std::string x = xml();
  Counts broken = counts_of(tag_of(x, "<testsuite name=\"broken\""));
  EXPECT_EQ(broken.tests, 3);
  EXPECT_EQ(broken.skipped, 2);
  EXPECT_THAT(x, HasSubstr("<skipped message=\"passed on what ran before the scenario stopped at an error (step 1 "
                           "(install) exited with 3): not a pass until the scenario runs to the end; no secret in the "
                           "requests before it stopped\"/>"));
}

TEST_F(JunitTest, WellFormedAndTheCountsMatchTheElements) {
  auto parsed = parse_with_python(xml());
  if (parsed.no_python()) GTEST_SKIP() << "python3 is needed to judge the XML";
  ASSERT_EQ(parsed.status, 0) << parsed.output;
  EXPECT_THAT(parsed.output, HasSubstr("root testsuites\n"));
  EXPECT_THAT(parsed.output, HasSubstr("testcase 7\n"));
  EXPECT_THAT(parsed.output, HasSubstr("failure 1\n"));
  EXPECT_THAT(parsed.output, HasSubstr("error 1\n"));
  EXPECT_THAT(parsed.output, HasSubstr("skipped 3\n"));
  EXPECT_THAT(parsed.output, HasSubstr("suite upload-basics 3\n"));
  EXPECT_THAT(parsed.output, HasSubstr("suite broken 2\n"));
  EXPECT_THAT(parsed.output, HasSubstr("suite video 1\n"));
}

TEST_F(JunitTest, EscapesMarkupCharacters) {
  outcomes_[0].checks[2].message = "a <script>alert(\"x\")</script> & 'quotes'";
  std::string x = xml();
  EXPECT_THAT(x, HasSubstr("message=\"a &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quotes&apos;\""));
  EXPECT_THAT(x, Not(HasSubstr("<script>")));
  auto parsed = parse_with_python(x);
  if (parsed.no_python()) GTEST_SKIP() << "python3 is needed to judge the XML";
  ASSERT_EQ(parsed.status, 0) << parsed.output;
  EXPECT_THAT(parsed.output, HasSubstr("message secret.traffic [T1] 'a <script>alert(\"x\")</script> & \\'quotes\\''"));
}

TEST_F(JunitTest, ControlCharactersCannotBreakTheXml) {
  // XML 1.0 has no way to write these, even as character references.
  outcomes_[0].checks[2].message = std::string("bell\x07 nul") + '\0' + " esc\x1b[31m vt\x0b end";
  outcomes_[1].reason = "exited\x01 with 3";
  std::string x = xml();
  for (char c = 1; c < 0x20; ++c) {
    if (c == '\n' || c == '\t' || c == '\r') continue;
    EXPECT_EQ(x.find(c), std::string::npos) << "control character " << int(c);
  }
  EXPECT_EQ(x.find('\0'), std::string::npos);
  EXPECT_THAT(x, HasSubstr("message=\"bell  nul  esc [31m vt  end\""));
  auto parsed = parse_with_python(x);
  if (parsed.no_python()) GTEST_SKIP() << "python3 is needed to judge the XML";
  EXPECT_EQ(parsed.status, 0) << parsed.output;
}

TEST_F(JunitTest, InvalidUtf8CannotBreakTheXml) {
  // A User-Agent or a log line in Latin-1 ends up in a message; the file says encoding="UTF-8".
  outcomes_[0].checks[2].message =
      "caf\xe9 \xff\xfe half \xe2\x82 surrogate \xed\xa0\x80 nonchar \xef\xbf\xbf ok \xe2\x82\xac";
  std::string x = xml();
  EXPECT_THAT(x, HasSubstr("caf\xef\xbf\xbd"));  // U+FFFD in place of the bad byte
  EXPECT_THAT(x, HasSubstr("ok \xe2\x82\xac"));  // valid UTF-8 (here €) is kept
  auto parsed = parse_with_python(x);
  if (parsed.no_python()) GTEST_SKIP() << "python3 is needed to judge the XML";
  EXPECT_EQ(parsed.status, 0) << parsed.output;
}

TEST(Junit, ANotApplicableCheckIsSkippedWithItsReason) {
  Scenario widgets = scenario("widgets", {"R12"}, {"widget.video_player"});
  std::string x = junit_xml(build_report(
      test_manifest(),
      {outcome(widgets, Verdict::kSkip,
               {check("widget.video_player", Verdict::kNotApplicable, "the manifest does not declare video_player")})},
      metadata()));
  Counts suite = counts_of(tag_of(x, "<testsuite name=\"widgets\""));
  EXPECT_EQ(suite.tests, 1);
  EXPECT_EQ(suite.skipped, 1);
  EXPECT_EQ(suite.failures + suite.errors, 0);
  EXPECT_THAT(x, HasSubstr("<skipped message=\"the manifest does not declare video_player\"/>"));
}

TEST(Junit, AnEmptyRunHasOnlyItsReadinessWhichSaysWhy) {
  std::string x = junit_xml(build_report(test_manifest(), {}, metadata()));
  EXPECT_THAT(x, HasSubstr("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  Counts all = counts_of(tag_of(x, "<testsuites"));
  EXPECT_EQ(all.tests, 1);
  EXPECT_EQ(all.failures + all.errors, 0);
  EXPECT_EQ(all.skipped, 1);
  EXPECT_THAT(x, HasSubstr("<testsuite name=\"submission\""));
  EXPECT_THAT(x, HasSubstr("<skipped message=\"not submission-ready: must items not checked by this run"));
}

TEST_F(JunitTest, EachCheckTakesTheTimeItsJudgingTookAndEachSuiteWhenItsScenarioStarted) {
  outcomes_[0].started_at = "2026-11-28T19:40:05.123Z";
  outcomes_[0].checks[2].duration_ms = 2250;
  outcomes_[1].started_at = "2026-11-28T19:41:00.000Z";
  const std::string x = xml();
  EXPECT_THAT(x, HasSubstr("<testcase classname=\"upload-basics\" name=\"secret.traffic [T1]\" time=\"2.250000\">"));
  EXPECT_THAT(x, HasSubstr("<testcase classname=\"upload-basics\" name=\"ua.format [T2]\" time=\"0.000000\">"));
  EXPECT_THAT(tag_of(x, "<testsuite name=\"upload-basics\""), HasSubstr(" timestamp=\"2026-11-28T19:40:05.123Z\""));
  EXPECT_THAT(tag_of(x, "<testsuite name=\"broken\""), HasSubstr(" timestamp=\"2026-11-28T19:41:00.000Z\""));
  // A scenario that did not run did not start.
  EXPECT_THAT(tag_of(x, "<testsuite name=\"video\""), Not(HasSubstr("timestamp=")));
  EXPECT_THAT(tag_of(x, "<testsuites"), HasSubstr(" time=\""));
}

TEST_F(JunitTest, ChecksAreNamedWithTheirChecklistItem) {
  std::string x = xml();
  EXPECT_THAT(x, HasSubstr("name=\"secret.traffic [T1]\""));
  EXPECT_THAT(x, HasSubstr("name=\"ua.format [T2]\""));
}

TEST_F(JunitTest, AReadyRunsReadinessPasses) {
  nlohmann::json report = build_report(test_manifest(), outcomes_, metadata());
  report["submission_ready"] = {{"ready", true}, {"obstacles", nlohmann::json::array()}};
  std::string x = junit_xml(report);
  EXPECT_THAT(x,
              HasSubstr("<testcase classname=\"submission\" name=\"submission-ready\" time=\"0.000000\"></testcase>"));
  EXPECT_EQ(counts_of(tag_of(x, "<testsuite name=\"submission\"")).skipped, 0);
}

}  // namespace
}  // namespace cldcert
