#include "mocks/json_problems.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "mocks/text.h"

namespace cldcert::mock {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

bool is_non_empty(std::string_view s) { return !s.empty(); }

TEST(JsonProblems, FormatsFilePointerExpectedFound) {
  JsonProblems check("m.json");
  EXPECT_TRUE(check.empty());
  const json doc = json::parse(R"({"a": "", "b": 5, "secret": "hunter2"})");
  EXPECT_EQ(check.string_field(doc, "/x", "a", true, Echo::kShow, "a non-empty string", is_non_empty), std::nullopt);
  EXPECT_EQ(check.string_field(doc, "/x", "missing", false, Echo::kShow, "a string", is_non_empty), std::nullopt);
  check.string_field(doc, "/x", "gone", true, Echo::kShow, "a string", is_non_empty);
  check.string_field(doc, "/x", "b", true, Echo::kShow, "a string", is_non_empty);
  check.string_field(doc, "/x", "secret", true, Echo::kRedact, "a number-like key",
                     [](std::string_view) { return false; });
  std::map<std::string, std::string> seen;
  check.unique(seen, "v", "/l/0", "a value not used before", Echo::kShow);
  check.unique(seen, "v", "/l/1", "a value not used before", Echo::kShow);
  check.problem("", "an object", json_type_phrase(json::array()));
  EXPECT_THAT(
      check.problems(),
      ElementsAre("m.json: /x/a: expected a non-empty string, found an empty string",
                  "m.json: /x/gone: expected a string, found nothing", "m.json: /x/b: expected a string, found 5",
                  "m.json: /x/secret: expected a number-like key, found a string of 7 characters (not shown)",
                  "m.json: /l/1: expected a value not used before, found \"v\" (also at /l/0)",
                  "m.json: (root): expected an object, found an empty array"));
  EXPECT_EQ(text::join(check.problems(), "\n").find("hunter2"), std::string::npos);
}

TEST(JsonProblems, ShownCutsLongStringsOnACharacterBoundary) {
  EXPECT_EQ(json_shown(json(std::string(70, 'x'))), "\"" + std::string(60, 'x') + "...\"");
  // 59 ASCII bytes then a 2-byte character straddling the cut: the whole character goes.
  EXPECT_EQ(json_shown(json(std::string(59, 'x') + "üyyyy")), "\"" + std::string(59, 'x') + "...\"");
  EXPECT_EQ(json_shown(json(1.5)), "1.5");
  EXPECT_EQ(json_shown(json(nullptr)), "null");
}

TEST(JsonProblems, LineAndColumn) {
  const std::string text = "{\n  \"a\": x\n}";
  EXPECT_EQ(line_and_column(text, 1), (std::pair<std::size_t, std::size_t>{1, 1}));
  EXPECT_EQ(line_and_column(text, 10), (std::pair<std::size_t, std::size_t>{2, 8}));
  EXPECT_EQ(line_and_column(text, 100), (std::pair<std::size_t, std::size_t>{3, 2}));
  EXPECT_EQ(line_and_column("", 0), (std::pair<std::size_t, std::size_t>{1, 1}));
}

TEST(JsonProblems, ParseErrorsGiveLineAndColumnWithoutEchoingInput) {
  ParsedJson ok = parse_json_text(R"({"a": 1})");
  EXPECT_EQ(ok.error, "");
  EXPECT_EQ(ok.doc, json::parse(R"({"a": 1})"));
  ParsedJson bad = parse_json_text("{\n  \"key\": secretvalue\n}");
  EXPECT_THAT(bad.error, HasSubstr("invalid JSON at line 2, column 10: syntax error while parsing value"));
  EXPECT_EQ(bad.error.find("secretvalue"), std::string::npos);
}

TEST(JsonProblems, ReadFileTextReasons) {
  const auto dir = std::filesystem::temp_directory_path();
  FileText missing = read_file_text(dir / "cldcert_json_problems_test_no_such_file");
  EXPECT_EQ(missing.error, "no such file");
  EXPECT_TRUE(missing.not_found);
  FileText directory = read_file_text(dir);
  EXPECT_EQ(directory.error, "it is a directory");
  EXPECT_FALSE(directory.not_found);
}

}  // namespace
}  // namespace cldcert::mock

namespace cldcert::mock {
namespace {

TEST(ReadJsonFile, NamesTheFileInEveryError) {
  auto dir = std::filesystem::temp_directory_path() / ("cldcert-json-file-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "ok.json") << R"({"a": 1})";
  std::ofstream(dir / "bad.json") << "{\n  \"a\": \n}";
  EXPECT_EQ(read_json_file(dir / "ok.json").doc["a"], 1);
  EXPECT_EQ(read_json_file(dir / "ok.json").error, "");
  EXPECT_EQ(read_json_file(dir / "none.json").error, (dir / "none.json").string() + ": no such file");
  EXPECT_THAT(read_json_file(dir / "bad.json").error,
              ::testing::StartsWith((dir / "bad.json").string() + ": invalid JSON at line 3, column 1"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cldcert::mock
