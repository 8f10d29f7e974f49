#include "harness/manifest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness/platform_name.h"
#include "mocks/digest.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

// The example of docs/manifest.md, byte for byte apart from indentation;
// DocExampleIsThisOne keeps the two in step.
constexpr const char* kExample = R"({
  "schema": "cldcert/manifest/v1",
  "integration": {"type": "acme_cms_plugin", "name": "ACME CMS Cloudinary connector", "version": "1.4.0"},
  "platform": {"name": "AcmeCMS", "version": "6.2.1"},
  "environment": "prod",
  "capabilities": ["upload", "private_assets", "large_files", "sub_accounts", "fetch_delivery"],
  "scan": {"source": ["src"], "artifacts": ["dist/*.zip"], "logs": ["var/log"]},
  "host": {
    "root": "{workdir}/platform",
    "health": {"command": ["node", "platform/health.js", "{host_root}"], "timeout_s": 30}
  },
  "actions": {
    "install":   {"command": ["node", "cli.js", "install", "{host_root}"], "timeout_s": 60},
    "login":     {"command": ["node", "cli.js", "login", "--cloud", "{cloud}"]},
    "upload":    {"command": ["node", "cli.js", "upload", "{file}", "--type", "{type}", "--resource-type", "{resource_type}"],
                  "timeout_s": 600},
    "deliver":   {"command": ["node", "cli.js", "url", "{public_id}", "--type", "{type}"]},
    "delete":    {"command": ["node", "cli.js", "delete", "{public_id}", "--type", "{type}"]},
    "logout":    {"command": ["node", "cli.js", "logout"]}
  }
})";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class ManifestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Per test and per process: ctest runs tests in parallel, other build trees too.
    dir_ = fs::temp_directory_path() / ("cldcert_manifest_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_ / "cldcert.json", fs::perms::owner_all, ec);
    fs::remove_all(dir_, ec);
  }

  fs::path write(const std::string& text, const std::string& name = "cldcert.json") {
    fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::vector<std::string> problems_of(const std::string& text) {
    fs::path path = write(text);
    try {
      load_manifest(path);
    } catch (const ManifestError& e) { return e.problems; }
    return {};
  }

  // The example with `patch` merged in (RFC 7396: null removes a member).
  std::vector<std::string> problems_with(const json& patch) {
    json doc = json::parse(kExample);
    doc.merge_patch(patch);
    return problems_of(doc.dump());
  }

  std::string file() const { return (dir_ / "cldcert.json").string(); }

  fs::path dir_;
};

TEST_F(ManifestTest, LoadsTheDocExampleWithEveryField) {
  const fs::path path = write(kExample);
  const Manifest m = load_manifest(path);

  EXPECT_TRUE(m.path.is_absolute());
  EXPECT_EQ(m.path, path);
  EXPECT_EQ(m.dir, dir_);
  EXPECT_EQ(m.integration_type, "acme_cms_plugin");
  EXPECT_EQ(m.integration_name, "ACME CMS Cloudinary connector");
  EXPECT_EQ(m.integration_version, "1.4.0");
  EXPECT_EQ(m.platform_name, "AcmeCMS");
  EXPECT_EQ(m.platform_version, "6.2.1");
  EXPECT_EQ(m.environment, "prod");
  EXPECT_EQ(m.capabilities,
            (std::set<std::string>{"upload", "private_assets", "large_files", "sub_accounts", "fetch_delivery"}));
  EXPECT_TRUE(m.has("large_files"));
  EXPECT_FALSE(m.has("video"));
  EXPECT_THAT(m.scan_source, ElementsAre("src"));
  EXPECT_THAT(m.scan_artifacts, ElementsAre("dist/*.zip"));
  EXPECT_THAT(m.scan_logs, ElementsAre("var/log"));
  EXPECT_EQ(m.host_root, "{workdir}/platform");

  ASSERT_TRUE(m.host_health.has_value());
  EXPECT_THAT(m.host_health->command, ElementsAre("node", "platform/health.js", "{host_root}"));
  EXPECT_EQ(m.host_health->timeout_s, 30);
  EXPECT_EQ(m.host_health->cwd, dir_.string());
  EXPECT_TRUE(m.host_health->env.empty());

  std::vector<std::string> names;
  for (const auto& [name, spec] : m.actions) names.push_back(name);
  EXPECT_THAT(names, ElementsAre("delete", "deliver", "install", "login", "logout", "upload"));
  const ActionSpec* upload = m.action("upload");
  ASSERT_NE(upload, nullptr);
  EXPECT_THAT(upload->command, ElementsAre("node", "cli.js", "upload", "{file}", "--type", "{type}", "--resource-type",
                                           "{resource_type}"));
  EXPECT_EQ(upload->timeout_s, 600);
  EXPECT_EQ(upload->cwd, dir_.string());
  EXPECT_EQ(m.action("install")->timeout_s, 60);
  EXPECT_THAT(m.action("login")->command, ElementsAre("node", "cli.js", "login", "--cloud", "{cloud}"));
  EXPECT_EQ(m.action("switch"), nullptr);

  EXPECT_EQ(m.digest, mock::sha256_hex(read_text(path)));
  EXPECT_TRUE(std::regex_match(m.digest, std::regex("[0-9a-f]{64}")));
}

TEST_F(ManifestTest, DocExampleIsThisOne) {
  const std::string doc = read_text(fs::path(CLDCERT_SOURCE_DIR) / "docs" / "manifest.md");
  const std::string fence = "```json\n";
  const auto start = doc.find(fence);
  ASSERT_NE(start, std::string::npos);
  const auto end = doc.find("```", start + fence.size());
  ASSERT_NE(end, std::string::npos);
  const std::string example = doc.substr(start + fence.size(), end - start - fence.size());
  EXPECT_EQ(json::parse(example), json::parse(kExample));
  write(example);
  EXPECT_NO_THROW(load_manifest(dir_));
}

TEST_F(ManifestTest, HostStateAndAllowances) {
  const std::string head = R"({"schema": "cldcert/manifest/v1",
    "integration": {"type": "x", "name": "X", "version": "0.0.1"},
    "platform": {"name": "P", "version": "1"}, "environment": "dev", "capabilities": [],
    "actions": {"install": {"command": ["i"]}}, )";
  write(head +
        R"("host": {"root": "{workdir}/site", "state": {"command": ["node", "state.js", "{host_root}"], "timeout_s": 5},
                           "allow": ["logs/**", "cache/*.tmp"]}})");
  const Manifest m = load_manifest(dir_);
  ASSERT_TRUE(m.host_state.has_value());
  EXPECT_THAT(m.host_state->command, ElementsAre("node", "state.js", "{host_root}"));
  EXPECT_EQ(m.host_state->timeout_s, 5);
  EXPECT_THAT(m.host_allow, ElementsAre("logs/**", "cache/*.tmp"));
  const std::string f = file() + ": ";
  EXPECT_THAT(problems_of(head + R"("host": {"state": {"command": "dump"}, "allow": ["", 3]}})"),
              ElementsAre(f + "/host/state/command: expected a non-empty array of strings (the argv), found a string",
                          f + "/host/allow/0: expected a path or glob (a non-empty string), found an empty string",
                          f + "/host/allow/1: expected a path or glob (a non-empty string), found 3"));
  EXPECT_THAT(problems_of(head + R"("host": {"allow": "logs/**"}})"),
              ElementsAre(f + "/host/allow: expected an array of paths or globs, found a string"));
}

TEST_F(ManifestTest, DefaultsAndCwdResolution) {
  write(R"({"schema": "cldcert/manifest/v1",
    "integration": {"type": "x", "name": "X", "version": "0.0.1"},
    "platform": {"name": "P", "version": "1"},
    "environment": "dev", "capabilities": [],
    "actions": {
      "install": {"command": ["./install.sh"]},
      "update": {"command": ["u"], "cwd": "tools/../bin", "env": {"DEBUG": "1", "EMPTY": ""}},
      "uninstall": {"command": ["u"], "cwd": "/opt/acme"},
      "enable": {"command": ["e"], "cwd": "."}}})");
  const Manifest m = load_manifest(dir_ / "cldcert.json");
  EXPECT_TRUE(m.capabilities.empty());
  EXPECT_TRUE(m.scan_source.empty());
  EXPECT_TRUE(m.scan_artifacts.empty());
  EXPECT_TRUE(m.scan_logs.empty());
  EXPECT_EQ(m.host_root, "");
  EXPECT_FALSE(m.host_health.has_value());
  EXPECT_FALSE(m.host_state.has_value());
  EXPECT_TRUE(m.host_allow.empty());

  const ActionSpec* install = m.action("install");
  ASSERT_NE(install, nullptr);
  EXPECT_EQ(install->timeout_s, 60);
  EXPECT_EQ(install->cwd, dir_.string());
  EXPECT_TRUE(install->env.empty());
  EXPECT_EQ(m.action("update")->cwd, (dir_ / "bin").string());
  EXPECT_EQ(m.action("update")->env, (std::map<std::string, std::string>{{"DEBUG", "1"}, {"EMPTY", ""}}));
  EXPECT_EQ(m.action("uninstall")->cwd, "/opt/acme");
  EXPECT_EQ(m.action("enable")->cwd, dir_.string());
}

TEST_F(ManifestTest, DirectoryArgumentAndRelativePath) {
  write(kExample);
  const Manifest from_dir = load_manifest(dir_);
  EXPECT_EQ(from_dir.path, dir_ / "cldcert.json");
  EXPECT_EQ(from_dir.dir, dir_);

  const Manifest relative = load_manifest(fs::relative(dir_));
  EXPECT_TRUE(relative.path.is_absolute());
  EXPECT_TRUE(relative.dir.is_absolute());
  EXPECT_TRUE(fs::equivalent(relative.path, dir_ / "cldcert.json"));
  EXPECT_EQ(relative.digest, from_dir.digest);
}

TEST_F(ManifestTest, ANonSemVerVersionLoadsDocsAndScanHistoryAreRead) {
  json doc = json::parse(kExample);
  doc["integration"]["version"] = "1.4";  // P4 is a recommendation: docs.version warns, loading goes on
  doc["scan"]["history"] = {"{workdir}/release"};
  doc["docs"] = {{"readme", "docs/README.de.md"}, {"changelog", "HISTORY.md"}};
  doc["actions"]["package"] = {{"command", {"node", "cli.js", "package"}}};
  const Manifest m = load_manifest(write(doc.dump()));
  EXPECT_EQ(m.integration_version, "1.4");
  EXPECT_THAT(m.scan_history, ElementsAre("{workdir}/release"));
  EXPECT_EQ(m.docs_readme, "docs/README.de.md");
  EXPECT_EQ(m.docs_changelog, "HISTORY.md");
  EXPECT_EQ(m.docs_license, "");
  ASSERT_NE(m.action("package"), nullptr);
  doc["docs"] = {{"readme", ""}, {"licence", "LICENSE"}};
  EXPECT_THAT(
      problems_of(doc.dump()),
      ElementsAre(HasSubstr("/docs/readme: expected a file path relative to the manifest's folder"),
                  HasSubstr("/docs/licence: expected only the fields readme, license, contributing, changelog")));
}

TEST_F(ManifestTest, UnknownFieldsAllowedAtTopAndInIntegrationAndPlatform) {
  EXPECT_THAT(problems_with(json::parse(R"({"$schema": "./manifest.schema.json", "x_notes": [1],
      "integration": {"homepage": "https://example.com"}, "platform": {"edition": "enterprise"}})")),
              ElementsAre());
}

TEST_F(ManifestTest, ReportsEveryProblemAtOnceWithPointers) {
  const std::string f = file() + ": ";
  const std::string capabilities = "one of " + [] {
    std::string out;
    for (const auto& name : known_capabilities()) out += (out.empty() ? "" : ", ") + name;
    return out;
  }();
  const std::string placeholders =
      "expected placeholders written {name}, name being lower-case letters, digits and '_' in "
      "'.'-separated parts (like {file} or {last.public_id}), and {{ or }} for a literal brace, found ";
  EXPECT_THAT(
      problems_of(R"({
        "schema": "cldcert/manifest/v2",
        "integration": {"type": "Acme-CMS", "name": "", "version": "", "extra": true},
        "platform": {"name": "Acme/CMS", "version": 6},
        "environment": "production",
        "capabilities": ["upload", "teleport", "upload", 3],
        "scan": {"source": "src", "artifacts": ["", 1], "log": []},
        "host": {"root": "{workdir/platform", "health": {"command": []}, "path": "/x"},
        "actions": {
          "publish": {"command": ["x"]},
          "install": {"command": "node cli.js install"},
          "login": {"command": ["", 5, "{cloud", "}x", "{Cloud}", "a{last.}b", "n\u0000ul"],
                    "timeout_s": 0, "cwd": "", "env": {"A=B": "x", "OK": 1, "P": "{Cloud}"}, "timeout": 600},
          "upload": {"timeout_s": 86401},
          "up/load": {"command": ["x"]},
          "deliver": 7,
          "delete": {"command": ["ok"], "timeout_s": 1.5}
        }})"),
      ElementsAreArray(std::vector<std::string>{
          f + "/schema: expected \"cldcert/manifest/v1\", found \"cldcert/manifest/v2\"",
          f + "/integration/type: expected an integration type id: a lower-case letter, then lower-case "
              "letters, digits or '_', found \"Acme-CMS\"",
          f + "/integration/name: expected a non-empty string, found an empty string",
          f + "/integration/version: expected a version (at most 256 characters; SemVer 2.0.0 such as 1.4.0 "
              "recommended), found an empty string",
          f + "/platform/name: expected a platform name of letters, digits, '.', '-' or '_', words separated "
              "by single spaces (the User-Agent's product token is Cloudinary + the name without its spaces, its "
              "comment the name as written), found \"Acme/CMS\"",
          f + "/platform/version: expected a non-empty string, found 6",
          f + "/environment: expected one of prod, stag, dev, found \"production\"",
          f + "/capabilities/1: expected " + capabilities + ", found \"teleport\"",
          f + "/capabilities/2: expected a capability not listed before, found \"upload\" (also at "
              "/capabilities/0)",
          f + "/capabilities/3: expected " + capabilities + ", found 3",
          f + "/scan/source: expected an array of paths or globs, found a string",
          f + "/scan/artifacts/0: expected a path or glob (a non-empty string), found an empty string",
          f + "/scan/artifacts/1: expected a path or glob (a non-empty string), found 1",
          f + "/scan/log: expected only the fields source, artifacts, logs, history, found an unknown field",
          f + "/host/root: " + placeholders + "\"{workdir/platform\" ('{' at character 1 is not closed)",
          f + "/host/health/command: expected a non-empty array of strings (the argv), found an empty array",
          f + "/host/path: expected only the fields root, health, prepare, state, allow, found an unknown field",
          f + "/actions/delete/timeout_s: expected a whole number of seconds from 1 to 86400, found 1.5",
          f + "/actions/deliver: expected an action object with a \"command\" array, found a number",
          f + "/actions/install/command: expected a non-empty array of strings (the argv), found a string",
          f + "/actions/login/command/0: expected the program to run (a non-empty string), found an empty "
              "string",
          f + "/actions/login/command/1: expected a string, found 5",
          f + "/actions/login/command/2: " + placeholders + "\"{cloud\" ('{' at character 1 is not closed)",
          f + "/actions/login/command/3: " + placeholders + "\"}x\" ('}' at character 1 has no opening '{')",
          f + "/actions/login/command/4: " + placeholders +
              "\"{Cloud}\" (\"{Cloud}\" at character 1 is not a placeholder name)",
          f + "/actions/login/command/5: " + placeholders +
              "\"a{last.}b\" (\"{last.}\" at character 2 is not a placeholder name)",
          f + "/actions/login/command/6: expected a string without NUL characters, found \"n\\u0000ul\"",
          f + "/actions/login/timeout_s: expected a whole number of seconds from 1 to 86400, found 0",
          f + "/actions/login/cwd: expected a folder path (absolute, or relative to the manifest's folder), "
              "found an empty string",
          f + "/actions/login/env/A=B: expected a variable name without '=' or NUL, found \"A=B\"",
          f + "/actions/login/env/OK: expected a string, found 1",
          f + "/actions/login/env/P: " + placeholders +
              "\"{Cloud}\" (\"{Cloud}\" at character 1 is not a placeholder name)",
          f + "/actions/login/timeout: expected only the fields command, timeout_s, cwd, env, values, output, found an "
              "unknown field",
          f + "/actions/publish: expected an action named one of install, update, uninstall, enable, "
              "disable, login, logout, switch, sub_accounts, switch_sub_account, upload, deliver, delete, list, page, "
              "package, "
              "test, found \"publish\"",
          f + "/actions/up~1load: expected an action named one of install, update, uninstall, enable, "
              "disable, login, logout, switch, sub_accounts, switch_sub_account, upload, deliver, delete, list, page, "
              "package, "
              "test, found \"up/load\"",
          f + "/actions/upload/command: expected a non-empty array of strings (the argv), found nothing",
          f + "/actions/upload/timeout_s: expected a whole number of seconds from 1 to 86400, found 86401",
      }));
}

TEST_F(ManifestTest, DuplicateKeysAndDeepNestingAreRefused) {
  json doc = json::parse(kExample);
  std::string text = doc.dump();
  text.insert(1, "\"schema\": 1, ");
  text.insert(1, "\"schema\": 0, ");
  EXPECT_THAT(problems_of(text), ElementsAre(file() + ": /schema: duplicate key \"schema\""));
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_THAT(problems_of(deep), ElementsAre(file() + ": JSON nested deeper than 256 levels"));
}

TEST_F(ManifestTest, MissingMembersAndWrongShapes) {
  const std::string f = file() + ": ";
  EXPECT_THAT(problems_of("{}"),
              ElementsAre(f + "/schema: expected \"cldcert/manifest/v1\", found nothing",
                          f + "/integration: expected an object with type, name and version, found nothing",
                          f + "/platform: expected an object with name and version, found nothing",
                          f + "/environment: expected one of prod, stag, dev, found nothing",
                          f + "/capabilities: expected an array of capability names, found nothing",
                          f + "/actions: expected an object of actions by name, found nothing"));
  EXPECT_THAT(problems_with(json::parse(R"({"integration": {"name": null, "version": 7},
                                            "platform": [], "scan": "src", "host": {"root": 1,
                                            "health": {"command": ["ok"], "env": []}},
                                            "capabilities": {}, "actions": ["install"]})")),
              ElementsAre(f + "/integration/name: expected a non-empty string, found nothing",
                          f + "/integration/version: expected a version (at most 256 characters; SemVer 2.0.0 "
                              "such as 1.4.0 recommended), found 7",
                          f + "/platform: expected an object with name and version, found an empty array",
                          f + "/capabilities: expected an array of capability names, found an empty object",
                          f + "/scan: expected an object with source, artifacts, logs, found a string",
                          f + "/host/root: expected a folder path (a non-empty string, may use {workdir}), "
                              "found 1",
                          f + "/host/health/env: expected an object of environment variables (strings), "
                              "found an empty array",
                          f + "/actions: expected an object of actions by name, found an array"));
  EXPECT_THAT(problems_of("[1]"), ElementsAre(f + "(root): expected an object (the cldcert manifest), found an array"));
}

TEST_F(ManifestTest, TimeoutBoundsAndPlaceholderSyntaxThatIsFine) {
  const Manifest m = [&] {
    json doc = json::parse(kExample);
    doc["actions"]["install"] = json::parse(R"({"command": ["{fixture.name}", "{a}{b}", "plain", "", "ü{x}",
                                                            "{{\"a\": 1}}", "{{{file}}}", "x}}y{{z"],
                                                "timeout_s": 1})");
    doc["actions"]["update"] = json::parse(R"({"command": ["u"], "timeout_s": 86400})");
    doc["actions"]["enable"] = json::parse(R"({"command": ["u"], "timeout_s": 120.0})");
    write(doc.dump());
    return load_manifest(dir_);
  }();
  // Kept as written: substituting, and turning "{{" into "{", is the runner's job.
  EXPECT_THAT(m.action("install")->command,
              ElementsAre("{fixture.name}", "{a}{b}", "plain", "", "ü{x}", "{{\"a\": 1}}", "{{{file}}}", "x}}y{{z"));
  EXPECT_EQ(m.action("install")->timeout_s, 1);
  EXPECT_EQ(m.action("update")->timeout_s, 86400);
  EXPECT_EQ(m.action("enable")->timeout_s, 120);

  // Character positions count UTF-8 characters, as an editor shows them.
  EXPECT_THAT(problems_with(json::parse(R"({"actions": {"install": {"command": ["ü{x", "a", "b}"],
                                                                   "timeout_s": -5}}})")),
              ElementsAre(HasSubstr("/actions/install/command/0: expected placeholders"),
                          HasSubstr("/actions/install/command/2: expected placeholders"),
                          HasSubstr("/actions/install/timeout_s: expected a whole number")));
  EXPECT_THAT(problems_with(json::parse(R"({"actions": {"install": {"command": ["ü{x"]}}})")),
              ElementsAre(HasSubstr("('{' at character 2 is not closed)")));
  EXPECT_THAT(problems_with(json::parse(R"({"actions": {"install": {"command": ["x", "{a{b}", "{{{file",
                                                                               "{\"a\": 1}", "a}}}"]}}})")),
              ElementsAre(HasSubstr("/actions/install/command/1: expected placeholders written {name}"),
                          HasSubstr("('{' at character 3 is not closed)"),
                          HasSubstr("(\"{\\\"a\\\": 1}\" at character 1 is not a placeholder name)"),
                          HasSubstr("('}' at character 4 has no opening '{')")));
  EXPECT_THAT(problems_with(json::parse(R"({"actions": {"install": {"command": ["x"],
                                                                   "timeout_s": "60"}}})")),
              ElementsAre(file() + ": /actions/install/timeout_s: expected a whole number of seconds from 1 to "
                                   "86400, found \"60\""));
  EXPECT_THAT(problems_with(json::parse(R"({"actions": {"install": {"command": ["x"],
                                                                   "timeout_s": 18446744073709551615}}})")),
              ElementsAre(HasSubstr("found 18446744073709551615")));
}

TEST_F(ManifestTest, BadJsonGivesLineAndColumn) {
  const fs::path path = write("{\n  \"schema\": \"cldcert/manifest/v1\",\n  \"integration\": {\"type\": \"x\",}\n}");
  try {
    load_manifest(path);
    FAIL() << "no ManifestError";
  } catch (const ManifestError& e) {
    ASSERT_EQ(e.problems.size(), 1u);
    EXPECT_EQ(e.problems[0], path.string() +
                                 ": invalid JSON at line 3, column 31: syntax error while "
                                 "parsing object key - unexpected '}'; expected string literal");
    EXPECT_EQ(std::string(e.what()), e.problems[0]);
  }
  EXPECT_THAT(problems_of(""), ElementsAre(HasSubstr(file() + ": invalid JSON at line 1, column 1: ")));
}

TEST_F(ManifestTest, MissingOrUnreadableFile) {
  try {
    load_manifest(dir_);
    FAIL() << "no ManifestError";
  } catch (const ManifestError& e) {
    EXPECT_THAT(e.problems, ElementsAre("cldcert.json not found in " + dir_.string()));
  }
  const fs::path nowhere = dir_ / "nowhere";
  try {
    load_manifest(nowhere);
    FAIL() << "no ManifestError";
  } catch (const ManifestError& e) {
    EXPECT_THAT(e.problems, ElementsAre(nowhere.string() +
                                        ": no such file or folder (expected cldcert.json or the folder holding it)"));
  }
  fs::create_directory(dir_ / "cldcert.json");
  try {
    load_manifest(dir_);
    FAIL() << "no ManifestError";
  } catch (const ManifestError& e) {
    EXPECT_THAT(e.problems, ElementsAre(file() + ": cannot read the manifest: it is a directory"));
  }
  fs::remove(dir_ / "cldcert.json");

  // Root reads anything, so the permission case only means something for other users.
  if (::geteuid() != 0) {
    write(kExample);
    fs::permissions(dir_ / "cldcert.json", fs::perms::none);
    try {
      load_manifest(dir_);
      FAIL() << "no ManifestError";
    } catch (const ManifestError& e) {
      EXPECT_THAT(e.problems, ElementsAre(file() + ": cannot read the manifest: Permission denied"));
    }
  }
}

TEST_F(ManifestTest, ASessionServesItsActionsWithTheirTimes) {
  const Manifest m = [&] {
    json doc = json::parse(kExample);
    doc.merge_patch(json::parse(R"({"credentials": {"via": "login"},
        "actions": {"login": null, "upload": null, "logout": null},
        "session": {"command": ["node", "app.js", "--root", "{host_root}"], "cwd": "app", "timeout_s": 30,
                    "env": {"APP_MODE": "{workdir}"},
                    "actions": {"login": {}, "upload": {"timeout_s": 900}, "logout": {}}}})"));
    write(doc.dump());
    return load_manifest(dir_);
  }();
  ASSERT_TRUE(m.session.has_value());
  EXPECT_THAT(m.session->process.command, ElementsAre("node", "app.js", "--root", "{host_root}"));
  EXPECT_EQ(m.session->process.cwd, (dir_ / "app").string());
  EXPECT_EQ(m.session->process.env.at("APP_MODE"), "{workdir}");
  EXPECT_EQ(m.session->actions, (std::map<std::string, int>{{"login", 30}, {"logout", 30}, {"upload", 900}}));
  EXPECT_TRUE(m.session_serves("upload"));
  EXPECT_TRUE(m.performs("upload"));
  EXPECT_EQ(m.action("upload"), nullptr);
  EXPECT_TRUE(m.performs("install"));  // still a process of its own
  EXPECT_FALSE(m.session_serves("install"));
  EXPECT_FALSE(m.performs("switch"));
}

TEST_F(ManifestTest, ASessionsProblemsNameTheirPointer) {
  const std::string f = file() + ": ";
  // Credentials by environment cannot reach a process started before the login.
  EXPECT_THAT(problems_with(json::parse(R"({"actions": {"login": null},
                                            "session": {"command": ["app"], "actions": {"login": {}}}})")),
              ElementsAre(f + "/session/actions/login: expected credentials.via \"login\" for a session that serves "
                              "login (a process started once cannot get credentials through its environment at a "
                              "login), found credentials.via \"environment\""));
  EXPECT_THAT(
      problems_with(json::parse(R"({"credentials": {"via": "login"},
      "session": {"command": [], "actons": {}}})")),
      ElementsAre(f + "/session/command: expected a non-empty array of strings (the argv), found an empty array",
                  f + "/session/actons: expected only the fields command, timeout_s, cwd, env, actions, found "
                      "an unknown field",
                  f + "/session/actions: expected an object of the actions it serves, by name, found nothing"));
  EXPECT_THAT(
      problems_with(json::parse(R"({"credentials": {"via": "login"},
      "session": {"command": ["app"], "actions": {"upload": {}, "teleport": {}, "page": [], "switch": {"timeout_s": 0, "x": 1}}}})")),
      ElementsAre(f + "/session/actions/page: expected an object (optionally with timeout_s), found an empty "
                      "array",
                  f + "/session/actions/switch/timeout_s: expected a whole number of seconds from 1 to 86400, "
                      "found 0",
                  f + "/session/actions/switch/x: expected only the fields timeout_s, found an unknown field",
                  f + "/session/actions/teleport: expected an action named one of install, update, uninstall, enable, "
                      "disable, login, logout, switch, sub_accounts, switch_sub_account, upload, deliver, delete, "
                      "list, page, package, "
                      "test, found "
                      "\"teleport\"",
                  f + "/session/actions/upload: expected an action served either by the session or by "
                      "/actions/upload, not both, found both declare it"));
  EXPECT_THAT(problems_with(json::parse(R"({"session": {"command": ["app"], "actions": {}}})")),
              ElementsAre(f + "/session/actions: expected at least one action, found none"));
}

TEST_F(ManifestTest, LimitsAreReadEachOptional) {
  write(json::parse(kExample).dump());
  EXPECT_TRUE(load_manifest(dir_).limits.declared().empty());  // none declared: R18 is not applicable

  json doc = json::parse(kExample);
  doc.merge_patch(json::parse(R"({"limits": {"max_upload_bytes": 10485760, "queue_size": 20.0,
                                             "file_types": ["PNG", ".jpg", "video"]}})"));
  write(doc.dump());
  const Limits limits = load_manifest(dir_).limits;
  EXPECT_EQ(limits.max_upload_bytes, 10485760u);
  EXPECT_EQ(limits.queue_size, 20u);
  EXPECT_FALSE(limits.max_parallel_uploads.has_value());
  EXPECT_FALSE(limits.max_listed.has_value());
  EXPECT_THAT(limits.file_types, ElementsAre("png", "jpg", "video"));
  EXPECT_EQ(limits.declared(),
            (std::map<std::string, std::string>{
                {"file_types", "png,jpg,video"}, {"max_upload_bytes", "10485760"}, {"queue_size", "20"}}));
}

TEST_F(ManifestTest, LimitsProblemsNameTheirPointer) {
  const std::string f = file() + ": ";
  EXPECT_THAT(problems_with(json::parse(R"({"limits": [1]})")),
              ElementsAre(f + "/limits: expected an object of the integration's limits, found an array"));
  EXPECT_THAT(
      problems_with(json::parse(R"({"limits": {"max_upload_bytes": 0, "max_parallel_uploads": 2.5,
          "max_listed": "50", "queue_size": -1, "file_types": ["png", "pn g", ".PNG"], "max_upload_mb": 1}})")),
      ElementsAre(f + "/limits/max_upload_bytes: expected a whole number from 1 on, found 0",
                  f + "/limits/max_parallel_uploads: expected a whole number from 1 on, found 2.5",
                  f + "/limits/max_listed: expected a whole number from 1 on, found \"50\"",
                  f + "/limits/queue_size: expected a whole number from 1 on, found -1",
                  f + "/limits/file_types/1: expected an extension (letters and digits, optionally after a '.') or a "
                      "resource type, found \"pn g\"",
                  f + "/limits/file_types/2: expected a file type not listed before, found \"png\" (also at "
                      "/limits/file_types/0)",
                  f + "/limits/max_upload_mb: expected only the fields max_upload_bytes, max_parallel_uploads, "
                      "max_listed, queue_size, file_types, found an unknown field"));
  EXPECT_THAT(problems_with(json::parse(R"({"limits": {"file_types": []}})")),
              ElementsAre(f + "/limits/file_types: expected a non-empty array of extensions (\"png\", \".pdf\") or "
                              "resource types, found an empty array"));
}

// A light structural check: the schema editors use must list what the loader accepts.
TEST(ManifestSchema, AgreesWithTheLoader) {
  const json schema = json::parse(read_text(fs::path(CLDCERT_SOURCE_DIR) / "harness" / "manifest.schema.json"));
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema["required"],
            json::array({"schema", "integration", "platform", "environment", "capabilities", "actions"}));
  const json& properties = schema["properties"];
  EXPECT_EQ(properties["schema"]["const"], "cldcert/manifest/v1");
  EXPECT_EQ(properties["integration"]["required"], json::array({"type", "name", "version"}));
  EXPECT_EQ(properties["platform"]["required"], json::array({"name", "version"}));
  EXPECT_EQ(properties["environment"]["enum"].get<std::vector<std::string>>(), known_environments());
  EXPECT_EQ(properties["capabilities"]["items"]["enum"].get<std::vector<std::string>>(), known_capabilities());
  EXPECT_EQ(properties["capabilities"]["uniqueItems"], true);
  EXPECT_EQ(properties["actions"]["propertyNames"]["enum"].get<std::vector<std::string>>(), known_actions());
  const json& action = schema["$defs"]["action"];
  EXPECT_EQ(action["required"], json::array({"command"}));
  EXPECT_EQ(action["properties"]["timeout_s"]["default"], 60);
  EXPECT_EQ(action["properties"]["timeout_s"]["minimum"], 1);
  EXPECT_EQ(action["properties"]["timeout_s"]["maximum"], 86400);
  const json& session = properties["session"];
  EXPECT_EQ(session["required"], json::array({"command", "actions"}));
  EXPECT_EQ(session["properties"]["actions"]["propertyNames"]["$ref"], "#/properties/actions/propertyNames");
  std::vector<std::string> limit_names;
  for (const auto& [name, spec] : properties["limits"]["properties"].items()) limit_names.push_back(name);
  std::vector<std::string> known = known_limits();
  std::sort(known.begin(), known.end());
  EXPECT_EQ(limit_names, known);  // nlohmann keeps object members sorted
  EXPECT_EQ(properties["limits"]["additionalProperties"], false);

  // The schema's patterns are ECMA-262, as std::regex's default grammar: run
  // them on the cases the C++ checks decide.
  // SemVer is a recommendation (docs.version), not a loading rule: any version up to 256 characters.
  const json& version = properties["integration"]["properties"]["version"];
  EXPECT_FALSE(version.contains("pattern"));
  EXPECT_EQ(version["minLength"], 1);
  EXPECT_EQ(version["maxLength"], 256);
  const std::regex platform(properties["platform"]["properties"]["name"]["pattern"].get<std::string>());
  // The schema and is_platform_name agree on every case.
  for (const char* name : {"AcmeCMS", "Acme_CMS-2.x", "Acme CMS", "Salesforce Commerce Cloud", "Acme/CMS", " Acme",
                           "Acme ", "Acme  CMS", "Acme (CMS)", "", "Acme\tCMS"}) {
    EXPECT_EQ(std::regex_search(name, platform), is_platform_name(name)) << name;
  }
  const std::regex type(properties["integration"]["properties"]["type"]["pattern"].get<std::string>());
  EXPECT_TRUE(std::regex_search("acme_cms_plugin", type));
  EXPECT_FALSE(std::regex_search("Acme-CMS", type));
  EXPECT_FALSE(std::regex_search("9acme", type));
  const std::regex placeholders(schema["$defs"]["placeholderText"]["pattern"].get<std::string>());
  for (const char* ok :
       {"plain", "{file}", "--x={last.public_id}", "{a}{b}", "", "{{\"a\": 1}}", "{{{file}}}", "{{{file}"}) {
    EXPECT_TRUE(std::regex_search(ok, placeholders)) << ok;
  }
  for (const char* bad : {"{file", "x}", "{Cloud}", "{last.}", "{.x}", "{a..b}", "{}", "{a{b}", "{{{file", "a}}}"}) {
    EXPECT_FALSE(std::regex_search(bad, placeholders)) << bad;
  }
}

}  // namespace
}  // namespace cldcert

namespace cldcert {
namespace {

TEST_F(ManifestTest, NetworkModeAndExpectedHostsAreRead) {
  write(json::parse(kExample).dump());
  EXPECT_FALSE(load_manifest(dir_).network_mode.has_value());  // the run decides: --network, else env

  json doc = json::parse(kExample);
  doc.merge_patch(json::parse(R"({"network": {"mode": "proxy", "expected_hosts": ["Licence.Example.com"]}})"));
  write(doc.dump());
  const Manifest m = load_manifest(dir_);
  EXPECT_EQ(m.network_mode, network::NetworkMode::kProxy);
  EXPECT_THAT(m.network_expected_hosts, ElementsAre("licence.example.com"));
}

TEST_F(ManifestTest, NetworkProblemsNameTheirPointer) {
  const std::string f = file() + ": ";
  EXPECT_THAT(
      problems_with(json::parse(
          R"({"network": {"mode": "vpn", "expected_hosts": ["https://x.com", "a.com", "A.com"], "hosts": []}})")),
      ElementsAre(f + "/network/mode: expected env or proxy, found \"vpn\"",
                  f + "/network/expected_hosts/0: expected a hostname (letters, digits, '.', '-'; no scheme or port), "
                      "found \"https://x.com\"",
                  f + "/network/expected_hosts/2: expected a host not listed before, found \"a.com\" (also at "
                      "/network/expected_hosts/1)",
                  f + "/network/hosts: expected only the fields mode, expected_hosts, found an unknown field"));
}

}  // namespace
}  // namespace cldcert
