#include "harness/live/run_tag.h"

#include <gtest/gtest.h>

namespace cldcert::live {
namespace {

TEST(RunTag, TheIdIsTheStartSecondAndRandomDigitsAndItsTagReadsBack) {
  const std::string id = live_run_id(1'700'000'000, "3f9a1c");  // 2023-11-14T22:13:20Z
  EXPECT_EQ(id, "20231114-221320-3f9a1c");
  EXPECT_EQ(run_tag(id), "cldcert-20231114-221320-3f9a1c");
  EXPECT_EQ(run_id_of_tag(run_tag(id)), id);
}

TEST(RunTag, TwoNewIdsDifferAndAreRunTags) {
  const std::string a = new_live_run_id(), b = new_live_run_id();
  EXPECT_NE(a, b);  // 16^6 to one against, per pair
  EXPECT_EQ(run_id_of_tag(run_tag(a)), a);
}

TEST(RunTag, TagsOfAnotherShapeAreNotCldcerts) {
  for (const char* tag :
       {"cldcert", "cldcert-", "cldcert-mine", "cldcert-20231114-221320-3f9a1", "Cldcert-20231114-221320-3f9a1c",
        "cldcert-20231114-221320-3F9A1C", "cldcert-2023111x-221320-3f9a1c", "cldcert-20231114_221320-3f9a1c",
        "cldcert-20231114-221320-3f9a1c-x", "x-cldcert-20231114-221320-3f9a1c"}) {
    EXPECT_EQ(run_id_of_tag(tag), "") << tag;
  }
}

}  // namespace
}  // namespace cldcert::live
