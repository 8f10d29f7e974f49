#include "mocks/bounded_json.h"

#include <gtest/gtest.h>

namespace cldcert::mock {
namespace {

std::string nested(int levels, std::string_view open = "[", std::string_view close = "]") {
  std::string out;
  for (int i = 0; i < levels; ++i) out += open;
  out += "1";
  for (int i = 0; i < levels; ++i) out += close;
  return out;
}

TEST(BoundedJson, NestingUpToTheBoundParses) {
  ParsedJson ok = parse_json_text(nested(kMaxJsonNesting));
  EXPECT_EQ(ok.error, "");
  EXPECT_EQ(ok.problem, JsonProblem::kNone);
}

TEST(BoundedJson, DeeperNestingIsRefusedBeforeTheDocumentIsBuilt) {
  ParsedJson one_more = parse_json_text(nested(kMaxJsonNesting + 1));
  EXPECT_EQ(one_more.error, "JSON nested deeper than 256 levels");
  EXPECT_EQ(one_more.problem, JsonProblem::kTooDeep);
  EXPECT_TRUE(one_more.doc.is_null());
  // The size that crashed the mock: without the bound, dump() of it overflows the stack.
  ParsedJson deep = parse_json_text(nested(100000, "{\"a\":", "}"));
  EXPECT_EQ(deep.problem, JsonProblem::kTooDeep);
  EXPECT_TRUE(deep.doc.is_null());
}

TEST(BoundedJson, NumbersNoIntegerFieldCouldHoldAreRefusedWithTheirPointer) {
  // Reading such a float into an integer field is undefined behaviour (found by the evidence_file
  // and journal_line fuzzers): an integer literal past 64 bits parses as a float.
  ParsedJson huge = parse_json_text(R"({"assets": [{"bytes": 20444444444444444444444444444}]})");
  EXPECT_EQ(huge.error, "/assets/0/bytes: number beyond the 64-bit integer range");
  EXPECT_EQ(huge.problem, JsonProblem::kNumberOutOfRange);
  EXPECT_TRUE(huge.exceeds_limit());
  EXPECT_TRUE(huge.doc.is_null());
  EXPECT_EQ(parse_json_text("[1, -9.3e18]").error, "/1: number beyond the 64-bit integer range");
  // What fits stays: the extremes of int64 and uint64, and ordinary floats.
  ParsedJson fits = parse_json_text("[-9223372036854775808, 18446744073709551615, 9.2e18, -0.5, 1e-300]");
  EXPECT_EQ(fits.error, "");
  EXPECT_FALSE(fits.exceeds_limit());
  EXPECT_EQ(fits.doc[1].get<std::uint64_t>(), 18446744073709551615u);
}

TEST(BoundedJson, BracketsInsideStringsAreNotNesting) {
  std::string text = "[\"" + std::string(1000, '[') + "\"]";
  EXPECT_EQ(parse_json_text(text).error, "");
}

TEST(BoundedJson, SyntaxErrorsNameLineAndColumnWithoutQuotingTheInput) {
  ParsedJson bad = parse_json_text("{\n  \"key\": secretvalue\n}");
  EXPECT_EQ(bad.problem, JsonProblem::kSyntax);
  EXPECT_EQ(bad.error.find("secretvalue"), std::string::npos) << bad.error;
  EXPECT_EQ(bad.error.rfind("invalid JSON at line 2, column 10: ", 0), 0u) << bad.error;
}

TEST(BoundedJson, DuplicateKeysAreKeptLastWinsByDefault) {
  ParsedJson lenient = parse_json_text(R"({"a": 1, "a": 2})");
  EXPECT_EQ(lenient.error, "");
  EXPECT_EQ(lenient.doc["a"], 2);
}

TEST(BoundedJson, DuplicateKeysAreRefusedWithTheirPointer) {
  ParsedJson top = parse_json_text(R"({"a": 1, "a": 2})", DuplicateKeys::kRefuse);
  EXPECT_EQ(top.error, "/a: duplicate key \"a\"");
  EXPECT_EQ(top.problem, JsonProblem::kDuplicateKey);
  ParsedJson inner =
      parse_json_text(R"({"x": [0, {"k": []}, {"a/b": {"id": 1, "i\u0064": 2}}]})", DuplicateKeys::kRefuse);
  EXPECT_EQ(inner.error, "/x/2/a~1b/id: duplicate key \"id\"");
  // The same key in sibling objects is no duplicate.
  EXPECT_EQ(parse_json_text(R"([{"a": 1}, {"a": 2}, {"b": {"a": 3}}])", DuplicateKeys::kRefuse).error, "");
}

TEST(BoundedJson, ALongDuplicateKeyIsCut) {
  std::string key(500, 'k');
  ParsedJson dup = parse_json_text("{\"" + key + "\": 1, \"" + key + "\": 2}", DuplicateKeys::kRefuse);
  // The pointer stays whole (it locates the key in the user's file); the key shown is cut.
  EXPECT_EQ(dup.error, "/" + key + ": duplicate key \"" + std::string(60, 'k') + "...\"");
}

}  // namespace
}  // namespace cldcert::mock
