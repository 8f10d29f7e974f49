#include "harness/step_expect.h"

#include <gtest/gtest.h>

namespace cldcert {
namespace {

using Kind = StepExpect::Kind;

TEST(StepExpect, WhichExitsLetTheScenarioGoOn) {
  StepExpect success;
  EXPECT_TRUE(success.allows(0));
  EXPECT_FALSE(success.allows(1));
  // A refusal that did not happen (exit 0) is a finding for the checks, not a reason to stop.
  for (Kind kind : {Kind::kRefusal, Kind::kSuccessOrRefusal}) {
    StepExpect e{kind, {}};
    EXPECT_TRUE(e.allows(0));
    EXPECT_TRUE(e.allows(1));
    EXPECT_TRUE(e.allows(75));
  }
  StepExpect codes{Kind::kExitCodes, {0, 3}};
  EXPECT_TRUE(codes.allows(3));
  EXPECT_FALSE(codes.allows(1));
  EXPECT_TRUE(StepExpect{Kind::kRefusal}.wants_refusal());
  EXPECT_FALSE(StepExpect{Kind::kSuccessOrRefusal}.wants_refusal());
}

TEST(StepExpect, JsonFormsRoundTrip) {
  for (const StepExpect& e : {StepExpect{}, StepExpect{Kind::kRefusal}, StepExpect{Kind::kSuccessOrRefusal},
                              StepExpect{Kind::kExitCodes, {0, 2, 3}}}) {
    EXPECT_EQ(step_expect_from_json(step_expect_to_json(e)), e) << step_expect_to_json(e);
  }
  EXPECT_EQ(step_expect_from_json("failure")->kind, Kind::kRefusal);
  EXPECT_FALSE(step_expect_from_json(nlohmann::json::parse(R"({"exit_codes": [-1]})")));
  EXPECT_FALSE(step_expect_from_json(nlohmann::json::parse(R"({"exit_codes": [1.5]})")));
  EXPECT_FALSE(step_expect_from_json(nullptr));
}

TEST(StepExpect, Described) {
  EXPECT_EQ(describe(StepExpect{Kind::kExitCodes, {0}}), "exit 0");
  EXPECT_EQ(describe(StepExpect{Kind::kExitCodes, {0, 3}}), "exit 0 or 3");
  EXPECT_EQ(describe(StepExpect{Kind::kExitCodes, {0, 2, 3}}), "exit 0, 2 or 3");
  EXPECT_EQ(describe(StepExpect{Kind::kRefusal}), "a refusal");
}

}  // namespace
}  // namespace cldcert
