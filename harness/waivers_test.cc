#include "harness/waivers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cldcert {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Scenario scenario(const std::string& id) {
  Scenario s;
  s.id = id;
  return s;
}

CheckResult check(const std::string& id, Verdict verdict) {
  CheckResult c;
  c.id = id;
  c.verdict = verdict;
  c.message = "the message";
  return c;
}

Waiver waiver(const std::string& check, const std::string& scenario, const std::string& expires) {
  return Waiver{check, scenario, "vendor fix due", expires, ""};
}

TEST(Waivers, ParseNamesEveryProblemByPointer) {
  auto doc = nlohmann::json::parse(
      R"({"waivers": [{"check": "ua.sdk", "scenario": "s", "reason": "r", "expires": "2027-02-30x"},
                                                   {"scenario": "s", "reason": "", "expires": "2027-01-01"}, 3]})");
  try {
    parse_waivers(doc, "w.json");
    FAIL() << "expected problems";
  } catch (const WaiverError& e) {
    EXPECT_THAT(e.problems,
                ElementsAre(HasSubstr("w.json: /waivers/0/expires: expected a date YYYY-MM-DD"),
                            HasSubstr("/waivers/1/check: expected a check id"),
                            HasSubstr("/waivers/1/reason: expected why"), HasSubstr("/waivers/2: expected an object")));
  }
  EXPECT_THROW(parse_waivers(nlohmann::json::array(), "w.json"), WaiverError);
  auto ok =
      parse_waivers(nlohmann::json::parse(
                        R"({"waivers": [{"check": "a", "scenario": "s", "reason": "r", "expires": "2027-01-31"}]})"),
                    "w");
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].expires, "2027-01-31");
}

TEST(Waivers, AnUnknownCheckOrScenarioIsRefusedByPointerWithTheClosestId) {
  Scenario upload = scenario("upload-basics");
  upload.checks = {"ua.format", "ua.sdk"};
  std::vector<Scenario> scenarios{upload, scenario("delivery")};
  EXPECT_NO_THROW(check_waiver_targets({waiver("ua.sdk", "upload-basics", "2027-01-01")}, scenarios, "w.json"));
  try {
    check_waiver_targets(
        {waiver("ua.sdk", "upload-basics", "2027-01-01"), waiver("ua.skd", "upload-basic", "2027-01-01"),
         waiver("no.such.check", "nothing-like-it", "2027-01-01"),
         waiver("secret.logs", "upload-basics", "2027-01-01")},
        scenarios, "w.json");
    FAIL() << "expected problems";
  } catch (const WaiverError& e) {
    EXPECT_THAT(
        e.problems,
        ElementsAre(HasSubstr("w.json: /waivers/1/check: no check is called \"ua.skd\"; did you mean \"ua.sdk\"?"),
                    HasSubstr("w.json: /waivers/1/scenario: no scenario is called \"upload-basic\"; did you mean "
                              "\"upload-basics\"?"),
                    HasSubstr("/waivers/2/check: no check is called \"no.such.check\""),
                    HasSubstr("/waivers/2/scenario: no scenario is called \"nothing-like-it\"; known: "
                              "upload-basics, delivery"),
                    HasSubstr("/waivers/3/check: scenario \"upload-basics\" does not run \"secret.logs\"")));
  }
}

TEST(Waivers, AFailureIsWaivedUntilItsDateAndTheScenarioNoLongerFails) {
  Scenario s = scenario("s");
  std::vector<ScenarioOutcome> outcomes(1);
  outcomes[0].scenario = &s;
  outcomes[0].verdict = Verdict::kFail;
  outcomes[0].checks = {check("a", Verdict::kFail), check("b", Verdict::kPass)};
  std::vector<Waiver> waivers{waiver("a", "s", "2026-12-31")};
  apply_waivers(waivers, outcomes, "2026-12-31");
  EXPECT_EQ(waivers[0].status, "applied");
  EXPECT_EQ(outcomes[0].checks[0].verdict, Verdict::kWaived);
  EXPECT_THAT(outcomes[0].checks[0].message, HasSubstr("waived until 2026-12-31 (vendor fix due): the message"));
  EXPECT_EQ(outcomes[0].verdict, Verdict::kWaived);
  EXPECT_TRUE(waivers_hold(waivers));
  EXPECT_EQ(waivers_json(waivers)[0]["status"], "applied");
}

TEST(Waivers, ExpiredAndStaleWaiversDoNotHoldNotRunOnesDo) {
  Scenario s = scenario("s");
  std::vector<ScenarioOutcome> outcomes(1);
  outcomes[0].scenario = &s;
  outcomes[0].verdict = Verdict::kFail;
  outcomes[0].checks = {check("a", Verdict::kFail), check("b", Verdict::kPass), check("e", Verdict::kError)};
  std::vector<Waiver> expired{waiver("a", "s", "2026-11-27")};
  apply_waivers(expired, outcomes, "2026-11-28");
  EXPECT_EQ(expired[0].status, "expired");
  EXPECT_EQ(outcomes[0].checks[0].verdict, Verdict::kFail);
  EXPECT_FALSE(waivers_hold(expired));
  std::vector<Waiver> stale{waiver("b", "s", "2027-01-01"), waiver("e", "s", "2027-01-01")};
  apply_waivers(stale, outcomes, "2026-11-28");
  EXPECT_EQ(stale[0].status, "stale");
  EXPECT_EQ(stale[1].status, "stale");  // an error is never waived: cldcert could not judge
  EXPECT_EQ(outcomes[0].checks[2].verdict, Verdict::kError);
  std::vector<Waiver> elsewhere{waiver("a", "other", "2027-01-01")};
  apply_waivers(elsewhere, outcomes, "2026-11-28");
  EXPECT_EQ(elsewhere[0].status, "not_run");
  EXPECT_TRUE(waivers_hold(elsewhere));
}

}  // namespace
}  // namespace cldcert
