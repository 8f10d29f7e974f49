#include "mocks/public_id_rules.h"

#include <gtest/gtest.h>

namespace cldcert::mock {
namespace {

TEST(PublicIdRules, AcceptsWhatCloudinaryAccepts) {
  EXPECT_EQ(public_id_problem("shop/shoes/red-1"), std::nullopt);
  EXPECT_EQ(public_id_problem("Allgäu"), std::nullopt);
  EXPECT_EQ(public_id_problem("a..b/.c/v1.2"), std::nullopt);
  EXPECT_EQ(public_id_problem(std::string(kMaxPublicIdLength, 'x')), std::nullopt);
  EXPECT_EQ(public_id_problem(""), std::nullopt);
  EXPECT_EQ(public_id_problem("fish%26chips"), std::nullopt);  // an escaped '&' is allowed
}

TEST(PublicIdRules, RefusesTheCharactersCloudinaryForbids) {
  for (std::string id : {"a?b", "a&b", "a#b", "a\\b", "a<b", "a>b", "a+b", "100%", "50%off", "%2"}) {
    EXPECT_EQ(public_id_problem(id), "public_id (" + id + ") is invalid") << id;
  }
}

TEST(PublicIdRules, RefusesWithCloudinarysWording) {
  EXPECT_EQ(public_id_problem(std::string(kMaxPublicIdLength + 1, 'x')),
            "public_id (" + std::string(100, 'x') + "...) is too long");
  EXPECT_EQ(public_id_problem("/a"), "public_id (/a) is invalid");
  EXPECT_EQ(public_id_problem("a/"), "public_id (a/) is invalid");
  EXPECT_EQ(public_id_problem("../etc/passwd"), "public_id (../etc/passwd) is invalid");
  EXPECT_EQ(public_id_problem("a/.."), "public_id (a/..) is invalid");
  EXPECT_EQ(public_id_problem("tab\there"), "public_id (tab\there) is invalid");
  EXPECT_EQ(public_id_problem("del\x7f"), "public_id (del\x7f) is invalid");
  EXPECT_EQ(public_id_problem("/x", "to_public_id"), "to_public_id (/x) is invalid");
}

TEST(PublicIdRules, ALongIdIsCutOnACharacterBoundary) {
  std::string id = std::string(99, 'x') + "ä" + std::string(300, 'y');
  EXPECT_EQ(public_id_problem(id), "public_id (" + std::string(99, 'x') + "...) is too long");
}

}  // namespace
}  // namespace cldcert::mock
