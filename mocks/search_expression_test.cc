// The search expression language: parsing (operators, grouping, quotes, escapes, prefixes)
// and matching against assets, field-less terms included.
#include "mocks/search_expression.h"

#include <gtest/gtest.h>

namespace cldcert::mock {
namespace {

Asset asset(std::string public_id, std::vector<std::string> tags = {}) {
  Asset a;
  a.public_id = std::move(public_id);
  a.resource_type = "image";
  a.type = "upload";
  a.format = "jpg";
  a.bytes = 1000;
  a.tags = std::move(tags);
  const std::size_t slash = a.public_id.rfind('/');
  a.display_name = a.public_id.substr(slash == std::string::npos ? 0 : slash + 1);
  return a;
}

bool matches(const std::string& expression, const Asset& a) {
  auto parsed = parse_search_expression(expression);
  if (auto* problem = std::get_if<std::string>(&parsed)) {
    ADD_FAILURE() << expression << ": " << *problem;
    return false;
  }
  return search_matches(std::get<SearchExpression>(parsed), a);
}

std::string problem(const std::string& expression) {
  auto parsed = parse_search_expression(expression);
  auto* message = std::get_if<std::string>(&parsed);
  return message ? *message : "";
}

TEST(SearchExpression, FieldLessTermsSearchTheStringFieldsByWord) {
  Asset shoe = asset("shop/Red-Shoe_2", {"summer sale"});
  shoe.context = {{"alt", "A running shoe"}};
  shoe.original_filename = "IMG_0042";
  EXPECT_TRUE(matches("shoe", shoe));      // a word of the public id, any case
  EXPECT_TRUE(matches("SHOP", shoe));      // the folder
  EXPECT_TRUE(matches("sho*", shoe));      // a prefix
  EXPECT_TRUE(matches("sale", shoe));      // a word of a tag
  EXPECT_TRUE(matches("running", shoe));   // a context value
  EXPECT_TRUE(matches("img_0042", shoe));  // the original file name
  EXPECT_TRUE(matches("\"summer sale\"", shoe));
  EXPECT_TRUE(matches("red-shoe", shoe));  // words in order
  EXPECT_FALSE(matches("sho", shoe));      // a word is whole unless it ends in *
  EXPECT_FALSE(matches("\"sale summer\"", shoe));
  EXPECT_FALSE(matches("jpg", shoe));  // fixed-list fields (format, type) are not searched
  EXPECT_FALSE(matches("upload", shoe));
}

TEST(SearchExpression, BooleanOperatorsAndGrouping) {
  const Asset a = asset("a/one", {"x"});
  EXPECT_TRUE(matches("tags:x AND public_id:a/one", a));
  EXPECT_TRUE(matches("tags:x && one", a));
  EXPECT_TRUE(matches("tags:x one", a));  // side by side: AND
  EXPECT_FALSE(matches("tags:x AND two", a));
  EXPECT_TRUE(matches("two OR one", a));
  EXPECT_TRUE(matches("two || one", a));
  EXPECT_FALSE(matches("NOT one", a));
  EXPECT_FALSE(matches("-one", a));
  EXPECT_FALSE(matches("!tags:x", a));
  EXPECT_TRUE(matches("NOT two", a));
  // AND binds tighter than OR; parentheses regroup.
  EXPECT_TRUE(matches("one OR two AND three", a));
  EXPECT_FALSE(matches("(one OR two) AND three", a));
  EXPECT_TRUE(matches("(one OR two) AND NOT (three OR four)", a));
  // Operators are ALL CAPS: lower-case "and" is a word to search for.
  EXPECT_FALSE(matches("one and", a));
}

TEST(SearchExpression, FieldedTermsQuotesAndEscapes) {
  Asset a = asset("docs/16:9 banner", {"long pants"});
  a.context = {{"sku", "A-1"}};
  EXPECT_TRUE(matches("public_id=\"docs/16:9 banner\"", a));
  EXPECT_TRUE(matches("public_id:docs/16\\:9\\ banner", a));
  EXPECT_TRUE(matches("tags=\"long pants\"", a));
  EXPECT_FALSE(matches("tags=long", a));  // fielded terms compare whole values
  EXPECT_TRUE(matches("tags:long*", a));
  EXPECT_FALSE(matches("tags:\"long*\"", a));  // a quoted * is literal
  EXPECT_TRUE(matches("context.sku=A-1", a));
  EXPECT_TRUE(matches("filename:16*", a));
  EXPECT_TRUE(matches("bytes>=1000 AND bytes<=1000 AND bytes>999", a));
  EXPECT_TRUE(matches("access_mode:public", a));
  EXPECT_FALSE(matches("public", a));  // access_mode is a fixed-list field, left out of field-less search
  EXPECT_TRUE(matches("", a));
}

TEST(SearchExpression, MalformedExpressionsSayWhy) {
  EXPECT_NE(problem("colour:red").find("unknown field 'colour'"), std::string::npos);
  EXPECT_NE(problem("(one OR two").find("missing ')'"), std::string::npos);
  EXPECT_NE(problem("one)").find("unexpected ')'"), std::string::npos);
  EXPECT_NE(problem("one AND").find("no term"), std::string::npos);
  EXPECT_NE(problem("OR one").find("no term"), std::string::npos);
  EXPECT_NE(problem(":x").find("no field"), std::string::npos);
  EXPECT_EQ(problem("one AND (two OR -three)"), "");
}

}  // namespace
}  // namespace cldcert::mock
