#include "harness/missing_evidence.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cldcert {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

Scenario scenario_of(std::vector<std::string> actions) {
  Scenario s;
  s.id = "x";
  for (auto& a : actions) {
    ScenarioStep step;
    step.action = std::move(a);
    s.steps.push_back(step);
  }
  return s;
}

// Steps 1..n of the scenario as they ran; the last one errored with `error` unless it is empty.
std::vector<StepRecord> ran(const Scenario& s, std::size_t n, const std::string& error = "", int exit_code = 1) {
  std::vector<StepRecord> out;
  for (std::size_t i = 0; i < n; ++i) {
    StepRecord r;
    r.index = i;
    r.action = s.steps[i].action;
    r.exit_code = 0;
    r.first_journal_id = i * 2;
    r.last_journal_id = i * 2 + 2;
    out.push_back(r);
  }
  if (!error.empty()) {
    out.back().error = error;
    out.back().exit_code = exit_code;
  }
  return out;
}

const Scenario kScenario = scenario_of({"install", "login", "upload", "deliver", "logout"});

TEST(MissingSteps, TheErroredStepAndEveryStepAfterIt) {
  auto steps = ran(kScenario, 3, "exited with 1");
  auto all = missing_steps(kScenario, steps, {}, false, "step 3 (upload) exited with 1");
  ASSERT_THAT(all, SizeIs(3));
  EXPECT_EQ(all[0].action, "upload");
  EXPECT_EQ(all[0].why, "errored: exited with 1");
  EXPECT_FALSE(all[0].cut);
  EXPECT_EQ(all[1].why, "did not run: the scenario stopped at upload#3");
  EXPECT_EQ(all[2].index, 4u);
  // Only the steps a check needs count.
  auto deliver = missing_steps(kScenario, steps, {"deliver"}, false, "");
  ASSERT_THAT(deliver, SizeIs(1));
  EXPECT_EQ(deliver[0].action, "deliver");
  EXPECT_THAT(missing_steps(kScenario, steps, {"install", "login"}, false, ""), IsEmpty());
  EXPECT_THAT(missing_steps(kScenario, ran(kScenario, 5), {}, false, ""), IsEmpty());
}

TEST(MissingSteps, ACheckJudgedOnWhatRanMissesOnlyTheStepsItNamesThatDidNotRun) {
  // Traffic of whatever ran: an upload that failed, steps that never ran, nothing is missing.
  EXPECT_THAT(missing_steps(kScenario, ran(kScenario, 3, "exited with 1"), {}, true, ""), IsEmpty());
  // upload exited 1 on its own: it is judged as it is.
  EXPECT_THAT(missing_steps(kScenario, ran(kScenario, 3, "exited with 1"), {"upload"}, true, ""), IsEmpty());
  auto steps = ran(kScenario, 3, "timed out after 60 s");
  steps.back().timed_out = true;
  auto timed_out = missing_steps(kScenario, steps, {"upload", "logout"}, true, "");
  ASSERT_THAT(timed_out, SizeIs(2));
  EXPECT_TRUE(timed_out[0].cut);
  EXPECT_EQ(timed_out[1].why, "did not run: the scenario stopped at upload#3");
  // Never started (a bad placeholder, a spawn failure: exit -1): nothing of it is there.
  auto unstarted =
      missing_steps(kScenario, ran(kScenario, 3, "could not start: no such file", -1), {"upload"}, true, "");
  ASSERT_THAT(unstarted, SizeIs(1));
  EXPECT_FALSE(unstarted[0].cut);
}

TEST(MissingSteps, NothingRanBecauseThePreparationFailed) {
  auto all = missing_steps(kScenario, {}, {"upload"}, false, "host.prepare failed: exit 1");
  ASSERT_THAT(all, SizeIs(1));
  EXPECT_EQ(all[0].why, "did not run: host.prepare failed: exit 1");
}

CheckResult result(Verdict verdict, std::vector<Evidence> evidence = {}) {
  CheckResult r;
  r.verdict = verdict;
  r.message = "3 requests judged";
  r.evidence = std::move(evidence);
  return r;
}

TEST(AccountForMissing, AFailureShownByRecordedEvidenceStands) {
  auto missing = missing_steps(kScenario, ran(kScenario, 3, "exited with 1"), {}, false, "");
  auto r = result(Verdict::kFail, {{"request", "journal:2", "POST /v1_1/a/image/upload"}});
  account_for_missing(r, missing);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_THAT(r.message, HasSubstr("judged on the evidence recorded: upload#3 (and 2 more) errored"));
  // A request of the errored step itself is recorded too: the step ended on its own.
  auto own = result(Verdict::kFail, {{"request", "journal:6", ""}});
  account_for_missing(own, missing);
  EXPECT_EQ(own.verdict, Verdict::kFail);
  auto warned = result(Verdict::kWarn, {{"file", "src/a.js:3", ""}});
  account_for_missing(warned, missing);
  EXPECT_EQ(warned.verdict, Verdict::kWarn);
}

TEST(AccountForMissing, AFailureOnlyAboutAMissingStepIsAnError) {
  auto missing = missing_steps(kScenario, ran(kScenario, 3, "exited with 1"), {}, false, "");
  auto r = result(Verdict::kFail, {{"step", "upload#3", "printed no public_id"}});
  account_for_missing(r, missing);
  EXPECT_EQ(r.verdict, Verdict::kError);
  auto none = result(Verdict::kFail);
  account_for_missing(none, missing);
  EXPECT_EQ(none.verdict, Verdict::kError);
  // Requests of a step cldcert cut short are incomplete: they show nothing for sure.
  auto steps = ran(kScenario, 3, "timed out");
  steps.back().timed_out = true;
  steps.back().exit_code = -1;
  auto cut = result(Verdict::kFail, {{"request", "journal:6", ""}});
  account_for_missing(cut, missing_steps(kScenario, steps, {}, false, ""));
  EXPECT_EQ(cut.verdict, Verdict::kError);
  auto before = result(Verdict::kFail, {{"request", "journal:4", ""}});  // login's, complete
  account_for_missing(before, missing_steps(kScenario, steps, {}, false, ""));
  EXPECT_EQ(before.verdict, Verdict::kFail);
}

TEST(AccountForMissing, APassOrSkipOnPartialEvidenceIsAnErrorThatSaysWhy) {
  auto missing = missing_steps(kScenario, ran(kScenario, 3, "exited with 1"), {"deliver"}, false, "");
  for (Verdict v : {Verdict::kPass, Verdict::kSkip}) {
    auto r = result(v);
    account_for_missing(r, missing);
    EXPECT_EQ(r.verdict, Verdict::kError);
    EXPECT_EQ(r.message,
              "not judged: it needs the evidence of deliver#4, which did not run: the scenario stopped at upload#3");
    EXPECT_EQ(r.seen, "on the evidence recorded: 3 requests judged");
    EXPECT_FALSE(r.hint.empty());
  }
  auto not_applicable = result(Verdict::kNotApplicable);  // read from the manifest: no step changes it
  account_for_missing(not_applicable, missing);
  EXPECT_EQ(not_applicable.verdict, Verdict::kNotApplicable);
  EXPECT_EQ(not_applicable.message, "3 requests judged");
  auto judged = result(Verdict::kPass);
  account_for_missing(judged, {});
  EXPECT_EQ(judged.verdict, Verdict::kPass);
  EXPECT_EQ(judged.message, "3 requests judged");
}

}  // namespace
}  // namespace cldcert
