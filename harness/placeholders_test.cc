#include "harness/placeholders.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cldcert {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> ok(const std::vector<std::string>& argv, const PlaceholderValues& values) {
  auto result = substitute(argv, values);
  if (auto* error = std::get_if<PlaceholderError>(&result)) {
    ADD_FAILURE() << "unexpected error: " << error->message;
    return {};
  }
  return std::get<std::vector<std::string>>(result);
}

PlaceholderError fails(const std::vector<std::string>& argv, const PlaceholderValues& values) {
  auto result = substitute(argv, values);
  if (!std::holds_alternative<PlaceholderError>(result)) {
    ADD_FAILURE() << "expected an error";
    return {};
  }
  return std::get<PlaceholderError>(result);
}

TEST(Placeholders, SubstitutesDocumentedNames) {
  PlaceholderValues values{{"file", "/w/shoe.jpg"},
                           {"type", "upload"},
                           {"cloud", "demo"},
                           {"workdir", "/w"},
                           {"host_root", "/w/platform"},
                           {"manifest_dir", "/m"},
                           {"last.public_id", "shop/shoe"},
                           {"fixture.small_jpg", "/f/small.jpg"}};
  EXPECT_THAT(ok({"node", "cli.js", "upload", "{file}", "--type", "{type}", "--cloud={cloud}", "{workdir}/x",
                  "{host_root}", "{manifest_dir}", "id:{last.public_id}", "{fixture.small_jpg}"},
                 values),
              ElementsAre("node", "cli.js", "upload", "/w/shoe.jpg", "--type", "upload", "--cloud=demo", "/w/x",
                          "/w/platform", "/m", "id:shop/shoe", "/f/small.jpg"));
}

TEST(Placeholders, SeveralInOneElementAndRepeated) {
  EXPECT_THAT(ok({"{a}{b}-{a}"}, {{"a", "1"}, {"b", "2"}}), ElementsAre("12-1"));
}

TEST(Placeholders, OptionalPlaceholderDropsItsElementWhenMissing) {
  PlaceholderValues values{{"file", "/f"}, {"upload_preset", "site"}};
  EXPECT_THAT(ok({"upload", "{file}", "--upload-preset={upload_preset?}", "--signing={signing?}", "--x"}, values),
              ElementsAre("upload", "/f", "--upload-preset=site", "--x"));
  // An empty value is a value: the element stays.
  EXPECT_THAT(ok({"--t={t?}"}, {{"t", ""}}), ElementsAre("--t="));
  // "{?}" is not an optional placeholder of an empty name.
  EXPECT_THAT(fails({"{?}"}, values).message, HasSubstr("unknown placeholder {?}"));
}

TEST(Placeholders, EmptyArgvAndNoPlaceholders) {
  EXPECT_TRUE(ok({}, {}).empty());
  EXPECT_THAT(ok({"plain", "", "x y"}, {}), ElementsAre("plain", "", "x y"));
}

TEST(Placeholders, EmptyValueKeepsTheElement) {
  EXPECT_THAT(ok({"{transformation}", "x"}, {{"transformation", ""}}), ElementsAre("", "x"));
}

TEST(Placeholders, HostileValuesStayOneVerbatimElement) {
  const std::vector<std::string> hostile = {
      "; rm -rf /",      "$(touch /tmp/pwned)", "`id`",      "a'b\"c",       "line1\nline2\r\n",
      "two words  here", "&& echo hi | cat >x", "*?[glob]~", "\\ backslash", "${HOME}",
      "{file}",  // a value is never expanded again
  };
  for (const auto& value : hostile) {
    auto argv = ok({"tool", "{public_id}", "--x={public_id}"}, {{"public_id", value}});
    ASSERT_EQ(argv.size(), 3u) << value;
    EXPECT_EQ(argv[1], value);
    EXPECT_EQ(argv[2], "--x=" + value);
  }
}

TEST(Placeholders, ValueWithNulByteIsCopiedWhole) {
  std::string value("a\0b", 3);
  auto argv = ok({"{v}"}, {{"v", value}});
  ASSERT_EQ(argv.size(), 1u);
  EXPECT_EQ(argv[0], value);
}

TEST(Placeholders, DoubledBracesAreLiteral) {
  EXPECT_THAT(ok({"{{\"a\": 1}}", "{{file}}", "{{{file}}}", "x}}y{{z", "{{{file}"}, {{"file", "F"}}),
              ElementsAre("{\"a\": 1}", "{file}", "{F}", "x}y{z", "{F"));
}

TEST(Placeholders, UnknownNameNamesElementAndPlaceholder) {
  auto error = fails({"node", "cli.js", "{fiel}"}, {{"file", "x"}});
  EXPECT_EQ(error.element, 2u);
  EXPECT_EQ(error.placeholder, "fiel");
  EXPECT_THAT(error.message, HasSubstr("argv[2]"));
  EXPECT_THAT(error.message, HasSubstr("{fiel}"));
}

TEST(Placeholders, NamesAreExactAndCaseSensitive) {
  EXPECT_EQ(fails({"{File}"}, {{"file", "x"}}).placeholder, "File");
  EXPECT_EQ(fails({"{ file }"}, {{"file", "x"}}).placeholder, " file ");
  EXPECT_EQ(fails({"{last.url}"}, {{"last.public_id", "x"}}).placeholder, "last.url");
}

TEST(Placeholders, LiteralJsonWithoutDoublingIsAnErrorWithHint) {
  auto error = fails({"ok", "{\"a\":1}"}, {});
  EXPECT_EQ(error.element, 1u);
  EXPECT_THAT(error.message, HasSubstr("{{"));
}

TEST(Placeholders, EmptyBracesAreAnError) {
  auto error = fails({"{}"}, {{"file", "x"}});
  EXPECT_EQ(error.element, 0u);
  EXPECT_THAT(error.message, HasSubstr("empty placeholder"));
}

TEST(Placeholders, UnbalancedBracesAreErrors) {
  struct Case {
    std::string element;
    std::string placeholder;
  };
  for (const auto& c : std::vector<Case>{
           {"{file", "{file"}, {"x{", "{"}, {"a}b", "}b"}, {"}", "}"}, {"{a{b}}", "{a{b}}"}, {"{{{file", "{file"}}) {
    auto error = fails({"ok", "{file}", c.element}, {{"file", "x"}, {"b", "y"}});
    EXPECT_EQ(error.element, 2u) << c.element;
    EXPECT_EQ(error.placeholder, c.placeholder) << c.element;
    EXPECT_THAT(error.message, HasSubstr("argv[2]")) << c.element;
    EXPECT_THAT(error.message, HasSubstr("unbalanced")) << c.element;
  }
}

TEST(Placeholders, FirstErrorWins) {
  auto error = fails({"{a}", "{b}", "{c"}, {{"a", "1"}});
  EXPECT_EQ(error.element, 1u);
  EXPECT_EQ(error.placeholder, "b");
}

}  // namespace
}  // namespace cldcert
