#include "harness/scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness/embedded_data.h"
#include "harness/manifest.h"
#include "mocks/digest.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

// The shape of scenarios/upload-basics.scenario.json.
constexpr const char* kUploadBasics = R"({
  "id": "upload-basics",
  "title": "Install, log in, upload an image, deliver it, delete it, log out, uninstall",
  "checklist": ["T1", "T2", "P3"],
  "level": "required",
  "requires": ["upload"],
  "fixtures": {"photo": {"kind": "png", "width": 640, "height": 480, "seed": 1}},
  "steps": [
    {"action": "install"},
    {"action": "login", "cloud": "primary"},
    {"action": "upload", "args": {"file": "{fixture.photo}", "type": "upload", "resource_type": "image"}},
    {"action": "deliver", "args": {"public_id": "{last.public_id}", "type": "upload", "resource_type": "image"}},
    {"action": "delete", "args": {"public_id": "{step.2.public_id}", "type": "upload", "resource_type": "image"}},
    {"action": "logout"},
    {"action": "uninstall"}
  ],
  "checks": ["ua.format", "ua.sdk", "secret.traffic"]
})";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The problems parse_scenario reports for `doc`, or {} when it parses.
std::vector<std::string> problems_of(const std::string& text, const std::string& source = "s.scenario.json") {
  try {
    parse_scenario(text, source);
  } catch (const ScenarioError& e) { return e.problems; }
  return {};
}

// The example with `patch` merged in (RFC 7396: null removes a member).
std::vector<std::string> problems_with(const std::string& patch) {
  json doc = json::parse(kUploadBasics);
  doc.merge_patch(json::parse(patch));
  return problems_of(doc.dump());
}

TEST(ParseScenario, TheUploadBasicsShape) {
  Scenario s = parse_scenario(kUploadBasics, "scenarios/upload-basics.scenario.json");
  EXPECT_EQ(s.id, "upload-basics");
  EXPECT_EQ(s.title, "Install, log in, upload an image, deliver it, delete it, log out, uninstall");
  EXPECT_THAT(s.checklist, ElementsAre("T1", "T2", "P3"));
  EXPECT_EQ(s.level, "required");
  EXPECT_THAT(s.requires_capabilities, ElementsAre("upload"));
  ASSERT_THAT(s.fixtures, SizeIs(1));
  EXPECT_EQ(s.fixtures[0].name, "photo");
  EXPECT_EQ(s.fixtures[0].kind, "png");
  EXPECT_EQ(s.fixtures[0].width, 640);
  EXPECT_EQ(s.fixtures[0].height, 480);
  EXPECT_EQ(s.fixtures[0].seed, 1u);
  ASSERT_THAT(s.steps, SizeIs(7));
  EXPECT_EQ(s.steps[0].action, "install");
  EXPECT_EQ(s.steps[0].cloud, "");
  EXPECT_THAT(s.steps[0].args, IsEmpty());
  EXPECT_EQ(s.steps[1].action, "login");
  EXPECT_EQ(s.steps[1].cloud, "primary");
  EXPECT_EQ(s.steps[2].action, "upload");
  EXPECT_EQ(s.steps[2].args, (std::map<std::string, std::string>{
                                 {"file", "{fixture.photo}"}, {"type", "upload"}, {"resource_type", "image"}}));
  EXPECT_EQ(s.steps[4].args.at("public_id"), "{step.2.public_id}");
  EXPECT_EQ(s.steps[6].action, "uninstall");
  EXPECT_THAT(s.checks, ElementsAre("ua.format", "ua.sdk", "secret.traffic"));
  EXPECT_EQ(s.source, "scenarios/upload-basics.scenario.json");
  EXPECT_EQ(s.digest, mock::sha256_hex(kUploadBasics));
}

TEST(ParseScenario, DefaultsAndByteFixtures) {
  Scenario s = parse_scenario(R"({"id": "large.upload-2", "title": "t", "checklist": ["R1"],
      "fixtures": {"big": {"size": "1100MiB", "seed": 7}, "small": {"kind": "bytes", "size": "20MB"}},
      "steps": [{"action": "upload", "args": {"file": "{fixture.big}"}}]})",
                              "x");
  EXPECT_EQ(s.level, "required");
  EXPECT_THAT(s.requires_capabilities, IsEmpty());
  EXPECT_THAT(s.checks, IsEmpty());
  ASSERT_THAT(s.fixtures, SizeIs(2));
  std::map<std::string, FixtureSpec> by_name;
  for (const auto& f : s.fixtures) by_name[f.name] = f;
  EXPECT_EQ(by_name["big"].kind, "bytes");
  EXPECT_EQ(by_name["big"].size, 1100ull * 1024 * 1024);
  EXPECT_EQ(by_name["big"].seed, 7u);
  EXPECT_EQ(by_name["small"].size, 20'000'000u);
  EXPECT_EQ(by_name["small"].seed, 1u);
}

TEST(ParseScenario, RecommendedLevel) {
  EXPECT_THAT(problems_with(R"({"level": "recommended"})"), IsEmpty());
  EXPECT_EQ(parse_scenario(R"({"id": "x", "title": "t", "checklist": ["P3"], "level": "recommended",
                               "steps": [{"action": "upload"}]})",
                           "x")
                .level,
            "recommended");
}

TEST(ParseScenario, ReportsEveryProblemAtOnceWithPointers) {
  auto problems = problems_of(R"({
    "title": "broken",
    "checklist": ["T2"],
    "level": "must",
    "fixtures": {"big": {"size": "12XB"}},
    "steps": [],
    "checks": ["ua.format", "ua.formatt"]
  })",
                              "scenarios/broken.scenario.json");
  ASSERT_THAT(problems, SizeIs(5)) << ::testing::PrintToString(problems);
  EXPECT_THAT(problems,
              Contains(AllOf(HasSubstr("scenarios/broken.scenario.json: /id: expected"), HasSubstr("found nothing"))));
  EXPECT_THAT(problems,
              Contains("scenarios/broken.scenario.json: /level: expected required or recommended, found \"must\""));
  EXPECT_THAT(problems, Contains(AllOf(HasSubstr(": /fixtures/big/size: expected a size such as \"1100MiB\""),
                                       HasSubstr("found \"12XB\""))));
  EXPECT_THAT(problems,
              Contains("scenarios/broken.scenario.json: /steps: expected a non-empty array of steps, found []"));
  // An unknown check names the ones that exist, so the typo is obvious.
  EXPECT_THAT(problems,
              Contains(AllOf(HasSubstr(": /checks/1: expected a known check id ("), HasSubstr("ua.format"),
                             HasSubstr("ua.sdk"), HasSubstr("secret.traffic"), HasSubstr("found \"ua.formatt\""))));
}

TEST(ParseScenario, MissingOrWrongMembers) {
  EXPECT_THAT(problems_with(R"({"title": null})"),
              ElementsAre(HasSubstr(": /title: expected a non-empty string, found nothing")));
  EXPECT_THAT(problems_with(R"({"title": ""})"),
              ElementsAre(HasSubstr(": /title: expected a non-empty string, found \"\"")));
  EXPECT_THAT(problems_with(R"({"checklist": []})"),
              ElementsAre(HasSubstr(": /checklist: expected a non-empty array")));
  EXPECT_THAT(problems_with(R"({"checklist": null})"), ElementsAre(HasSubstr(": /checklist: expected")));
  EXPECT_THAT(problems_with(R"({"checklist": ["T1", 2]})"),
              ElementsAre(HasSubstr(": /checklist/1: expected a string, found 2")));
  EXPECT_THAT(problems_with(R"({"requires": "upload"})"),
              ElementsAre(HasSubstr(": /requires: expected an array of strings")));
  EXPECT_THAT(problems_with(R"({"steps": null})"),
              ElementsAre(HasSubstr(": /steps: expected a non-empty array of steps, found nothing")));
  EXPECT_THAT(problems_with(R"({"steps": {"action": "install"}})"),
              ElementsAre(HasSubstr(": /steps: expected a non-empty array of steps, found {")));
  EXPECT_THAT(problems_with(R"({"steps": [{"action": "install"}, {"cloud": "primary"}]})"),
              ElementsAre(HasSubstr(": /steps/1/action: expected a non-empty string, found nothing")));
  EXPECT_THAT(problems_with(R"({"steps": [{"action": "upload", "args": {"file": 3}}]})"),
              ElementsAre(HasSubstr(": /steps/0/args/file: expected a string, found 3")));
  EXPECT_THAT(problems_with(R"({"steps": [{"action": "upload", "args": "file"}]})"),
              ElementsAre(HasSubstr(": /steps/0/args: expected an object of strings")));
  EXPECT_THAT(problems_with(R"({"fixtures": {"photo": {"kind": "gif"}}})"),
              ElementsAre(HasSubstr(": /fixtures/photo/kind: expected bytes, mp4 or png, found \"gif\"")));
  EXPECT_THAT(problems_with(R"({"fixtures": {"photo": {"width": 0}}})"),
              ElementsAre(HasSubstr(": /fixtures/photo: expected width and height > 0 for a png fixture")));
  EXPECT_THAT(problems_with(R"({"fixtures": {"blob": {"kind": "bytes", "width": 10}}})"),
              ElementsAre(HasSubstr(": /fixtures/blob/size: expected a size such as \"1100MiB\", \"20MB\" or "
                                    "\"{limits.max_upload_bytes}+1\", found nothing")));
  EXPECT_THAT(problems_with(R"({"fixtures": {"blob": {"size": 1000}}})"),
              ElementsAre(HasSubstr(": /fixtures/blob/size: expected a size")));
  EXPECT_THAT(problems_with(R"({"fixtures": []})"), ElementsAre(HasSubstr(": /fixtures: expected an object")));
  EXPECT_THAT(problems_with(R"({"checks": ["ua.sdk", 1]})"),
              ElementsAre(HasSubstr(": /checks/1: expected a string, found 1")));
}

TEST(ParseScenario, OptionalSteps) {
  json doc = json::parse(kUploadBasics);
  doc["steps"][0]["optional"] = true;
  Scenario s = parse_scenario(doc.dump(), "x");
  EXPECT_TRUE(s.steps[0].optional);
  EXPECT_FALSE(s.steps[1].optional);
  EXPECT_THAT(problems_with(R"({"steps": [{"action": "install", "optional": "yes"}]})"),
              ElementsAre(HasSubstr(": /steps/0/optional: expected true or false, found \"yes\"")));
}

TEST(ParseScenario, LimitStepsAndFixturesSizedByALimit) {
  Scenario s = parse_scenario(R"({"id": "x", "title": "t", "checklist": ["R18"],
      "fixtures": {"at": {"size": "{limits.max_upload_bytes}"}, "past": {"size": "{limits.max_upload_bytes}+1KiB"},
                   "odd": {"size": "4KiB", "extension": "exe"}},
      "steps": [{"action": "upload", "limit": "file_types"}]})",
                              "x");
  EXPECT_EQ(s.steps[0].limit, "file_types");
  ASSERT_EQ(s.fixtures.size(), 3u);
  EXPECT_EQ(s.fixtures[0].size_limit, "max_upload_bytes");
  EXPECT_EQ(s.fixtures[0].size_plus, 0u);
  EXPECT_EQ(s.fixtures[1].extension, "exe");  // fixtures come in name order: at, odd, past
  EXPECT_EQ(s.fixtures[1].size, 4096u);
  EXPECT_EQ(s.fixtures[2].size_limit, "max_upload_bytes");
  EXPECT_EQ(s.fixtures[2].size_plus, 1024u);
  EXPECT_THAT(problems_with(R"({"fixtures": {"photo": null, "a": {"size": "{limits.file_types}"},
                                            "b": {"size": "{limits.max_upload_bytes}-1"},
                                            "c": {"kind": "mp4", "size": "1KiB", "extension": "exe"}},
                               "steps": [{"action": "upload", "limit": "max_size"}]})"),
              ElementsAre(HasSubstr(": /fixtures/a/size: expected a size such as \"1100MiB\", \"20MB\" or "
                                    "\"{limits.max_upload_bytes}+1\", found \"{limits.file_types}\""),
                          HasSubstr(": /fixtures/b/size: expected a size"),
                          HasSubstr(": /fixtures/c/extension: expected lower-case letters and digits, for a bytes "
                                    "fixture, found \"exe\""),
                          HasSubstr(": /steps/0/limit: expected a limit of the manifest, one of max_upload_bytes, "
                                    "max_parallel_uploads, max_listed, queue_size, file_types, found \"max_size\"")));
}

// A batch fixture: a folder of "count" files, the count a number or a declared limit (plus a number).
TEST(ParseScenario, BatchFixturesCountedByANumberOrALimit) {
  Scenario s = parse_scenario(R"({"id": "x", "title": "t", "checklist": ["R18"],
      "fixtures": {"a": {"kind": "png", "width": 8, "height": 8, "count": 4},
                   "b": {"kind": "png", "width": 8, "height": 8, "count": "{limits.queue_size}+1"}},
      "steps": [{"action": "upload", "limit": "queue_size", "args": {"folder": "{fixture.b}"}}]})",
                              "x");
  ASSERT_EQ(s.fixtures.size(), 2u);
  EXPECT_EQ(s.fixtures[0].count, 4u);
  EXPECT_EQ(s.fixtures[0].count_limit, "");
  EXPECT_EQ(s.fixtures[1].count_limit, "queue_size");
  EXPECT_EQ(s.fixtures[1].count_plus, 1u);
  EXPECT_THAT(problems_with(R"({"fixtures": {"a": {"kind": "png", "width": 8, "height": 8, "count": 0},
                                            "b": {"kind": "png", "width": 8, "height": 8, "count": "{limits.max_upload_bytes}"},
                                            "c": {"kind": "png", "width": 8, "height": 8, "count": "{limits.queue_size}+1KiB"}},
                               "steps": [{"action": "upload"}]})"),
              ElementsAre(HasSubstr(": /fixtures/a/count: expected a number of files from 1 to 1000, or "
                                    "\"{limits.queue_size}+1\", found 0"),
                          HasSubstr(": /fixtures/b/count: expected a number of files"),
                          HasSubstr(": /fixtures/c/count: expected a number of files")));
}

TEST(ParseScenario, StepExpectation) {
  json doc = json::parse(kUploadBasics);
  doc["steps"][1]["expect"] = "refusal";
  doc["steps"][2]["expect"] = "failure";  // the former name of "refusal"
  doc["steps"][3]["expect"] = "success";
  doc["steps"][4]["expect"] = "success_or_refusal";
  doc["steps"][5]["expect"] = {{"exit_codes", {0, 3}}};
  Scenario s = parse_scenario(doc.dump(), "x");
  using Kind = StepExpect::Kind;
  EXPECT_EQ(s.steps[0].expect.kind, Kind::kSuccess);
  EXPECT_EQ(s.steps[1].expect.kind, Kind::kRefusal);
  EXPECT_EQ(s.steps[2].expect.kind, Kind::kRefusal);
  EXPECT_EQ(s.steps[3].expect.kind, Kind::kSuccess);
  EXPECT_EQ(s.steps[4].expect.kind, Kind::kSuccessOrRefusal);
  EXPECT_EQ(s.steps[5].expect.kind, Kind::kExitCodes);
  EXPECT_THAT(s.steps[5].expect.exit_codes, ElementsAre(0, 3));
  for (const char* bad : {R"("fail")", "false", R"({"exit_codes": []})", R"({"exit_codes": [256]})",
                          R"({"exit_codes": [0], "why": "x"})", R"({"exit_codes": ["0"]})"}) {
    EXPECT_THAT(problems_with(std::string(R"({"steps": [{"action": "upload", "expect": )") + bad + "}]}"),
                ElementsAre(HasSubstr(": /steps/0/expect: expected \"success\", \"refusal\"")))
        << bad;
  }
}

TEST(ParseScenario, WrongTypesAreProblemsNotCrashes) {
  // Each of these escaped as nlohmann's type_error, not a ScenarioError: load_scenarios could not
  // list the folder's other problems, and `cldcert run` ended in an internal error.
  EXPECT_THAT(problems_with(R"({"level": 3})"),
              ElementsAre(HasSubstr(": /level: expected required or recommended, found 3")));
  EXPECT_THAT(problems_with(R"({"fixtures": {"photo": "640x480"}})"),
              ElementsAre(HasSubstr(": /fixtures/photo: expected an object")));
  EXPECT_THAT(problems_with(R"({"fixtures": {"photo": {"width": "640"}}})"),
              ElementsAre(HasSubstr(": /fixtures/photo/width: expected")));
  EXPECT_THAT(problems_with(R"({"fixtures": {"photo": {"kind": 1}}})"),
              ElementsAre(HasSubstr(": /fixtures/photo/kind: expected bytes, mp4 or png, found 1")));
  EXPECT_THAT(problems_with(R"({"fixtures": {"blob": {"size": "1KB", "seed": "one"}}})"),
              ElementsAre(HasSubstr(": /fixtures/blob/seed: expected")));
  EXPECT_THAT(problems_with(R"({"fixtures": {"blob": {"size": "1KB", "seed": -1}}})"),
              ElementsAre(HasSubstr(": /fixtures/blob/seed: expected")));
  EXPECT_THAT(problems_with(R"({"steps": ["install"]})"), ElementsAre(HasSubstr(": /steps/0: expected an object")));
  EXPECT_THAT(problems_with(R"({"steps": [{"action": "login", "cloud": 2}]})"),
              ElementsAre(HasSubstr(": /steps/0/cloud: expected")));
  // …and all of them together, at once.
  auto problems = problems_with(R"({"level": 3, "steps": ["install", {"action": "login", "cloud": 2}]})");
  EXPECT_THAT(problems, SizeIs(3)) << ::testing::PrintToString(problems);
}

TEST(ParseScenario, UnknownActionsAndChecklistItems) {
  // scenario.schema.json allows only these; a typo would make the scenario silently
  // "not applicable" (an action no manifest has) or drop it from the report's checklist.
  EXPECT_THAT(problems_with(R"({"steps": [{"action": "install"}, {"action": "uplaod"}]})"),
              ElementsAre(AllOf(HasSubstr(": /steps/1/action: expected an action named one of install, update, "),
                                HasSubstr("found \"uplaod\""))));
  EXPECT_THAT(
      problems_with(R"({"checklist": ["T1", "t2", "R20"]})"),
      ElementsAre(HasSubstr(": /checklist/1: expected a checklist item id (B1…B6, P1…P6, T1…T3, R1…R19), found \"t2\""),
                  HasSubstr(": /checklist/2: expected a checklist item id")));
  json every_item = json::array();
  json checklist = json::parse(*embedded_file("scenarios/checklist.json"));
  for (const auto& item : checklist["items"]) every_item.push_back(item["id"]);
  ASSERT_EQ(every_item.size(), 34u);
  EXPECT_THAT(problems_with(json{{"checklist", every_item}}.dump()), IsEmpty());
  json every_action = json::array();
  for (const auto& action : known_actions()) every_action.push_back(json{{"action", action}});
  EXPECT_THAT(problems_with(json{{"steps", every_action}}.dump()), IsEmpty());
}

TEST(ParseScenario, ConcurrentStepsAreFlattenedWithTheirGroup) {
  Scenario s = parse_scenario(R"({"id": "x", "title": "t", "checklist": ["B5"], "checks": [], "steps": [
      {"action": "login", "cloud": "primary"},
      {"concurrently": [{"action": "upload", "cloud": "primary", "args": {"file": "a"}},
                        {"action": "upload", "cloud": "secondary", "args": {"file": "b"}}]},
      {"action": "logout"}]})",
                              "mem");
  ASSERT_EQ(s.steps.size(), 4u);
  EXPECT_FALSE(s.steps[0].concurrent_group.has_value());
  EXPECT_EQ(s.steps[1].concurrent_group, 1u);
  EXPECT_EQ(s.steps[2].concurrent_group, 1u);
  EXPECT_EQ(s.steps[2].cloud, "secondary");
  EXPECT_EQ(s.steps[2].args.at("file"), "b");
  EXPECT_FALSE(s.steps[3].concurrent_group.has_value());
}

TEST(ParseScenario, ConcurrentGroupsOnlyOfIntegrationActions) {
  // A switch or a fault would race with the steps beside it; one step is no group.
  EXPECT_THAT(problems_with(R"({"steps": [{"concurrently": [{"action": "upload"}, {"action": "switch"},
                                                           {"action": "cldcert.health"}, "x"], "x": 1},
                                          {"concurrently": [{"action": "upload"}]}]})"),
              ElementsAre(HasSubstr(": /steps/0/x: expected only \"concurrently\" in a group of steps, found 1"),
                          HasSubstr(": /steps/0/concurrently/1/action: expected an action of the integration other "
                                    "than login, switch, switch_sub_account and logout, found \"switch\""),
                          HasSubstr(": /steps/0/concurrently/2/action: expected an action of the integration"),
                          HasSubstr(": /steps/0/concurrently/3: expected an object"),
                          HasSubstr(": /steps/1/concurrently: expected an array of at least two steps")));
}

TEST(ParseScenario, IdsAreSafeToUseAsFileNames) {
  // The id names the scenario's work folder and its journal/ and logs/ files in the bundle.
  for (const char* id : {"upload-basics", "b5.accounts", "r1-large-2", "7"}) {
    EXPECT_THAT(problems_with(json{{"id", id}}.dump()), IsEmpty()) << id;
  }
  for (const char* id : {"..", ".", "../escape", "a/b", "Upload-Basics", "upload basics", "-x", ".hidden", "a_b"}) {
    EXPECT_THAT(problems_with(json{{"id", id}}.dump()),
                ElementsAre(HasSubstr(": /id: expected a scenario id of [a-z0-9.-]")))
        << id;
  }
  EXPECT_THAT(problems_with(R"({"id": 5})"), ElementsAre(HasSubstr(": /id: expected a scenario id")));
}

TEST(ParseScenario, NotAnObject) {
  EXPECT_THAT(problems_of("[1, 2]", "a.scenario.json"),
              ElementsAre("a.scenario.json: expected a JSON object, found an array"));
  EXPECT_THAT(problems_of("{\n  \"id\": ", "a.scenario.json"),
              ElementsAre(StartsWith("a.scenario.json: invalid JSON at line 2, column 9: ")));
  EXPECT_THAT(problems_of("", "a.scenario.json"), ElementsAre(StartsWith("a.scenario.json: invalid JSON at line 1")));
  EXPECT_THAT(problems_of(R"({"id": "a", "id": "b"})", "a.scenario.json"),
              ElementsAre("a.scenario.json: /id: duplicate key \"id\""));
  EXPECT_THAT(problems_of(std::string(100000, '[') + std::string(100000, ']'), "a.scenario.json"),
              ElementsAre("a.scenario.json: JSON nested deeper than 256 levels"));
}

TEST(ParseSize, UnitsAndPlainNumbers) {
  EXPECT_EQ(parse_size("1100MiB"), 1100ull * 1024 * 1024);
  EXPECT_EQ(parse_size("20MB"), 20'000'000u);
  EXPECT_EQ(parse_size("512KiB"), 512u * 1024);
  EXPECT_EQ(parse_size("1000"), 1000u);
  EXPECT_EQ(parse_size("7B"), 7u);
  EXPECT_EQ(parse_size("3KB"), 3000u);
  EXPECT_EQ(parse_size("2GiB"), 2ull << 30);
  EXPECT_EQ(parse_size("5GB"), 5'000'000'000ull);
  EXPECT_EQ(parse_size("0"), 0u);
  EXPECT_EQ(parse_size("18446744073709551615"), 18446744073709551615ull);
}

TEST(ParseSize, Malformed) {
  for (const char* text : {"12XB", "", "MiB", "1.5MiB", "-1", "+1", " 20MB", "20 MB", "20MB ", "20mb", "20mib", "20KIB",
                           "0x10", "1e3", "20MiBs"}) {
    EXPECT_EQ(parse_size(text), std::nullopt) << "'" << text << "'";
  }
}

TEST(ParseSize, OverflowIsMalformedNotWrapped) {
  EXPECT_EQ(parse_size("18446744073709551616"), std::nullopt);  // 2^64
  EXPECT_EQ(parse_size("99999999999999999999999"), std::nullopt);
  EXPECT_EQ(parse_size("17179869184GiB"), std::nullopt);  // 2^34 GiB = 2^64
  EXPECT_EQ(parse_size("20000000000GB"), std::nullopt);
  EXPECT_EQ(parse_size("17179869183GiB"), 17179869183ull << 30);  // the largest that fits
}

class LoadScenariosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cldcert_scenario_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name, std::ios::binary) << text; }
  std::string scenario_with_id(const std::string& id) {
    json doc = json::parse(kUploadBasics);
    doc["id"] = id;
    return doc.dump(2);
  }
  std::vector<std::string> problems() {
    try {
      load_scenarios(dir_);
    } catch (const ScenarioError& e) { return e.problems; }
    return {};
  }
  fs::path dir_;
};

TEST_F(LoadScenariosTest, LoadsEveryScenarioFileSortedAndIgnoresOtherFiles) {
  write("b.scenario.json", scenario_with_id("bravo"));
  write("a.scenario.json", scenario_with_id("alpha"));
  write("notes.json", "not json at all");
  write("README.md", "# scenarios");
  write("c.scenario.json.bak", "{broken");
  write("scenario.json", "{broken");
  auto scenarios = load_scenarios(dir_);
  ASSERT_THAT(scenarios, SizeIs(2));
  EXPECT_EQ(scenarios[0].id, "alpha");
  EXPECT_EQ(scenarios[0].source, (dir_ / "a.scenario.json").string());
  EXPECT_EQ(scenarios[0].digest, mock::sha256_hex(read_text(dir_ / "a.scenario.json")));
  EXPECT_EQ(scenarios[1].id, "bravo");
  EXPECT_THAT(scenarios[1].checks, ElementsAre("ua.format", "ua.sdk", "secret.traffic"));
}

TEST_F(LoadScenariosTest, AnEmptyFolderHasNoScenarios) { EXPECT_THAT(load_scenarios(dir_), IsEmpty()); }

TEST_F(LoadScenariosTest, DuplicateIdsAreReportedWithBothFiles) {
  write("a.scenario.json", scenario_with_id("same"));
  write("b.scenario.json", scenario_with_id("same"));
  write("c.scenario.json", scenario_with_id("other"));
  auto p = problems();
  ASSERT_THAT(p, SizeIs(1));
  EXPECT_THAT(p[0],
              HasSubstr((dir_ / "b.scenario.json").string() + ": /id: expected an id not used before, found \"same\""));
  EXPECT_THAT(p[0], HasSubstr("(also in " + (dir_ / "a.scenario.json").string() + ")"));
}

TEST_F(LoadScenariosTest, ProblemsOfEveryFileAtOnce) {
  write("a.scenario.json", "[]");
  write("b.scenario.json", scenario_with_id("fine"));
  json bad = json::parse(kUploadBasics);
  bad["level"] = "must";
  bad["checks"] = {"nope"};
  write("c.scenario.json", bad.dump());
  auto p = problems();
  ASSERT_THAT(p, SizeIs(3)) << ::testing::PrintToString(p);
  EXPECT_EQ(p[0], (dir_ / "a.scenario.json").string() + ": expected a JSON object, found an empty array");
  EXPECT_THAT(p[1], HasSubstr((dir_ / "c.scenario.json").string() + ": /level:"));
  EXPECT_THAT(p[2], HasSubstr((dir_ / "c.scenario.json").string() + ": /checks/0:"));
}

TEST_F(LoadScenariosTest, AMissingFolderIsAProblem) {
  try {
    load_scenarios(dir_ / "nope");
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.problems, ElementsAre(HasSubstr("nope: not a folder of scenarios")));
  }
}

TEST(EmbeddedScenarios, LoadAndMatchTheRepository) {
  auto embedded = load_scenarios("");
  ASSERT_THAT(embedded, Not(IsEmpty()));
  auto on_disk = load_scenarios(fs::path(CLDCERT_SOURCE_DIR) / "scenarios");
  ASSERT_EQ(embedded.size(), on_disk.size());
  for (std::size_t i = 0; i < embedded.size(); ++i) {
    EXPECT_EQ(embedded[i].id, on_disk[i].id);
    EXPECT_EQ(embedded[i].source, "embedded:scenarios/" + fs::path(on_disk[i].source).filename().string());
    // The same bytes: the binary carries what the repository holds.
    EXPECT_EQ(embedded[i].digest, on_disk[i].digest) << embedded[i].id;
  }
  auto basics =
      std::find_if(embedded.begin(), embedded.end(), [](const Scenario& s) { return s.id == "upload-basics"; });
  ASSERT_NE(basics, embedded.end());
  EXPECT_THAT(basics->checks,
              ElementsAre("ua.format", "ua.sdk", "ua.version", "ua.consistent", "secret.traffic", "network.egress"));
  EXPECT_THAT(basics->checklist, ElementsAre("T1", "T2", "P3", "P4"));
  // Only the 1.1 GiB scenario is left out by --skip-large; it still runs by default.
  std::vector<std::string> large;
  for (const auto& s : embedded) {
    if (s.large) large.push_back(s.id);
  }
  EXPECT_THAT(large, ElementsAre("large-files"));
}

}  // namespace
}  // namespace cldcert
