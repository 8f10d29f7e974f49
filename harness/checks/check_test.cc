#include "harness/checks/check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cldcert {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> refs(const CheckResult& r) {
  std::vector<std::string> out;
  for (const auto& e : r.evidence) out.push_back(e.ref);
  return out;
}

StepRecord upload_step() {
  StepRecord step;
  step.index = 2;
  step.action = "upload";
  return step;
}

TEST(Findings, NoFindingIsAPassCountingWhatWasJudged) {
  Findings f("every upload signed");
  auto r = f.conclude(4, "upload(s)", "all signed", "are unsigned", "Sign them.");
  EXPECT_EQ(r.verdict, Verdict::kPass);
  EXPECT_EQ(r.message, "4 upload(s), all signed");
  EXPECT_EQ(r.expected, "every upload signed");
  EXPECT_THAT(r.hint, IsEmpty());
  EXPECT_THAT(r.seen, IsEmpty());
  // The id and level are run_check's to fill, from the catalog.
  EXPECT_THAT(r.id, IsEmpty());
  EXPECT_THAT(r.level, IsEmpty());
}

TEST(Findings, TheFirstFindingIsWhatWasSeenAndEachCounts) {
  Findings f("every upload signed");
  EXPECT_TRUE(f.add("upload#1 sent no signature", Evidence{"request", "journal:1", "POST a"}));
  f.closest("signature=…");
  EXPECT_FALSE(f.add("upload#2 sent no signature", Evidence{"request", "journal:2", "POST b"}));
  EXPECT_EQ(f.bad(), 2u);
  auto r = f.conclude(5, "upload(s)", "all signed", "are unsigned", "Sign them.");
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(r.seen, "upload#1 sent no signature");
  EXPECT_EQ(r.message, "2 of 5 upload(s) are unsigned: upload#1 sent no signature");
  EXPECT_EQ(r.near_miss, "signature=…");
  EXPECT_EQ(r.hint, "Sign them.");
  EXPECT_THAT(refs(r), ElementsAre("journal:1", "journal:2"));
}

TEST(Findings, AStepFindingShowsTheRequestOrElseTheStep) {
  Findings f("");
  StepRecord step = upload_step();
  mock::JournalEntry entry;
  entry.id = 7;
  entry.method = "POST";
  entry.path = "/v1_1/demo/image/upload";
  entry.started_at = "12:00:01";
  f.add(step, &entry, "sent no signature");
  f.add(step, nullptr, "exited 0");
  auto r = f.fail("two problems", "");
  EXPECT_EQ(r.seen, "upload#3 sent no signature");
  ASSERT_EQ(r.evidence.size(), 2u);
  EXPECT_EQ(r.evidence[0].ref, "journal:7");
  EXPECT_EQ(r.evidence[0].detail, "POST /v1_1/demo/image/upload at 12:00:01 during upload#3: sent no signature");
  EXPECT_EQ(r.evidence[1].kind, "step");
  EXPECT_EQ(r.evidence[1].detail, "exited 0");
}

TEST(Findings, EvidenceCanComeInSeveralPiecesOrNone) {
  Findings f("");
  f.add("retried at once", std::vector<Evidence>{{"request", "journal:1", ""}, {"request", "journal:2", ""}});
  f.add("the same again", std::vector<Evidence>{});
  f.also(Evidence{"file", "README.md:3", ""});
  EXPECT_EQ(f.bad(), 2u);
  auto r = f.conclude(2, "run(s)", "ok", "went wrong", "");
  EXPECT_EQ(r.message, "2 of 2 run(s) went wrong: retried at once");
  EXPECT_THAT(refs(r), ElementsAre("journal:1", "journal:2", "README.md:3"));
}

TEST(Findings, JudgedThingByThingSeveralProblemsCountOnceAndAreListed) {
  Findings f("");
  f.judge();
  f.add("a() on p: no cloud", Evidence{}, "no cloud");
  f.add("a() on p: no preset", Evidence{}, "no preset");
  f.judge();
  f.judge();
  f.add("b() on p: no cloud", Evidence{}, "no cloud");
  EXPECT_EQ(f.judged(), 3u);
  EXPECT_EQ(f.bad(), 2u);
  auto r = f.conclude(f.judged(), "call(s)", "fine", "are wrong", "");
  EXPECT_EQ(r.message, "2 of 3 call(s) are wrong: a() on p: no cloud (3 problems: no cloud; no preset; no cloud)");
}

TEST(Findings, WarningsOnlyShowWhenNothingFailed) {
  Findings warned("");
  warned.judge();
  warned.warn("option 'zom' is not documented", Evidence{});
  warned.warn("option 'x' is not documented", Evidence{});
  auto r = warned.conclude(1, "gallery(ies)", "show the cloud's assets", "do not", "fail hint", "warn hint");
  EXPECT_EQ(r.verdict, Verdict::kWarn);
  EXPECT_EQ(r.seen, "option 'zom' is not documented");
  EXPECT_EQ(r.message, "1 gallery(ies) show the cloud's assets, but option 'zom' is not documented (and 1 more)");
  EXPECT_EQ(r.hint, "warn hint");

  Findings failed("");
  failed.judge();
  failed.warn("option 'zom' is not documented", Evidence{});
  failed.add("g() on p: wrong cloud", Evidence{}, "wrong cloud");
  auto f = failed.conclude(1, "gallery(ies)", "ok", "are wrong", "fail hint", "warn hint");
  EXPECT_EQ(f.verdict, Verdict::kFail);
  EXPECT_EQ(f.seen, "g() on p: wrong cloud");
  EXPECT_EQ(f.hint, "fail hint");
  EXPECT_EQ(f.evidence.size(), 2u);
}

TEST(Findings, OwnEndings) {
  Findings passed("x");
  passed.saw("CloudinaryNodeJS/2.11.0");
  auto p = passed.pass("every request names an SDK");
  EXPECT_EQ(p.verdict, Verdict::kPass);
  EXPECT_EQ(p.seen, "CloudinaryNodeJS/2.11.0");
  EXPECT_EQ(p.message, "every request names an SDK");

  Findings incomplete("x");
  auto e = incomplete.error("the scan is incomplete", "Make it readable.");
  EXPECT_EQ(e.verdict, Verdict::kError);
  EXPECT_EQ(e.hint, "Make it readable.");
}

TEST(SkippedCheck, SaysWhy) {
  auto r = skipped_check("no upload in this scenario");
  EXPECT_EQ(r.verdict, Verdict::kSkip);
  EXPECT_EQ(r.message, "no upload in this scenario");
}

}  // namespace
}  // namespace cldcert
