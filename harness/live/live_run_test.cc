#include "harness/live/live_run.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "harness/live/live_test_support.h"
#include "harness/scratch_dir_test_support.h"
#include "mocks/mock_cloudinary.h"
#include "mocks/mock_test_support.h"

namespace cldcert::live {
namespace {

using live::testing_support::UpstreamCloud;
namespace ts = mock::testing_support;

Scenario scenario_of(std::vector<std::pair<std::string, std::string>> steps) {
  Scenario scenario;
  scenario.id = "s";
  for (auto& [action, cloud] : steps) {
    ScenarioStep step;
    step.action = action;
    step.cloud = cloud;
    scenario.steps.push_back(step);
  }
  return scenario;
}

class LiveRunTest : public ::testing::Test {
 protected:
  mock::Accounts accounts_ = mock::generate_accounts(41, 1, 1);
  const mock::Cloud& cloud_ = accounts_.accounts[0].clouds[0];
  UpstreamCloud upstream_{accounts_};
  LiveRun live_{accounts_, upstream_.config()};
};

TEST_F(LiveRunTest, ScenariosWithTheMocksStepsOrMissingCloudsCannotRunLive) {
  EXPECT_EQ(live_.not_applicable_reason(scenario_of({{"login", "primary"}, {"upload", ""}, {"cldcert.get", ""}})),
            std::nullopt);
  EXPECT_EQ(live_.not_applicable_reason(scenario_of({{"login", "primary"}, {"cldcert.fault", ""}})),
            "needs the mock (live run): cldcert.fault");
  // A named transformation has a real equivalent: defined through the Admin API.
  EXPECT_EQ(live_.not_applicable_reason(scenario_of({{"cldcert.named_transformation", ""}})), std::nullopt);
  auto missing = live_.not_applicable_reason(scenario_of({{"login", "secondary"}, {"switch", "primary_sub"}}));
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("needs the clouds primary_sub, secondary"), std::string::npos) << *missing;
}

TEST_F(LiveRunTest, TheShadowJournalsLikeTheMockAnswersFromUpstreamAndCleansUp) {
  mock::MockOptions options;
  options.clock = [] { return ts::kNow; };
  live_.shadow(options, "upload-basics");
  mock::MockCloudinary shadow(std::move(options));
  const std::string file = ts::png_bytes(8, 8, 4000);
  auto answer = ts::post_upload(shadow, cloud_, ts::signed_params({{"tags", "cldcert"}}, cloud_),
                                ts::FilePart{"x.png", "image/png", file});
  ASSERT_EQ(answer.status, 200) << answer.body;
  // The asset is the upstream's, with the upstream's (random) public id…
  auto stored = upstream_.mock().store().list(cloud_.cloud_name);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(ts::body_json(answer)["public_id"], stored[0].public_id);
  // …and the journal holds the mock's reading of the request with the upstream's answer.
  mock::JournalEntry entry = shadow.journal().entries().back();
  EXPECT_EQ(entry.api, "upload");
  EXPECT_EQ(entry.auth.outcome, "ok");
  EXPECT_EQ(entry.asset_sha256, mock::sha256_hex(file));
  EXPECT_EQ(entry.public_id, stored[0].public_id);
  EXPECT_EQ(entry.response_body, answer.body);

  EXPECT_TRUE(live_.clean_up().empty());
  EXPECT_TRUE(upstream_.mock().store().list(cloud_.cloud_name).empty());
  nlohmann::json report = live_.report_json();
  EXPECT_EQ(report["clouds"], nlohmann::json::array({cloud_.cloud_name}));
  EXPECT_EQ(report["left_behind"], nlohmann::json::array());
  EXPECT_GE(report["requests"].get<int>(), 2);  // the upload and the delete
  EXPECT_GE(report["bytes_sent"].get<std::size_t>(), file.size());
  EXPECT_EQ(report.dump().find(cloud_.api_secret), std::string::npos);
  // The upstream is a mock of the same build: the shadow's own answer had the same fields and types.
  EXPECT_EQ(report["fidelity"]["compared"], 1);
  EXPECT_EQ(report["fidelity"]["differing"], 0);
}

TEST_F(LiveRunTest, TheUpstreamsRefusalIsWhatTheIntegrationGets) {
  mock::MockOptions options;
  options.clock = [] { return ts::kNow; };
  live_.shadow(options, "upload-basics");
  mock::MockCloudinary shadow(std::move(options));
  // The upstream answers for itself: a cloud it does not know is refused there, whatever the shadow thinks.
  upstream_.mock().state().options.accounts.accounts[0].clouds[0].api_secret = "rotated";
  auto answer = ts::admin_get(shadow, cloud_, "ping");
  EXPECT_EQ(answer.status, 401);
  EXPECT_EQ(shadow.journal().entries().back().status, 401);
  // The shadow, which still knows the old secret, would have said 200: a fidelity difference, named by the
  // request's journal entry.
  nlohmann::json fidelity = live_.fidelity().document();
  EXPECT_EQ(fidelity["compared"], 1);
  ASSERT_EQ(fidelity["differences"].size(), 1u);
  const auto& record = fidelity["differences"][0];
  EXPECT_EQ(record["scenario"], "upload-basics");
  EXPECT_EQ(record["journal_id"], shadow.journal().entries().back().id);
  EXPECT_EQ(record["api"], "admin");
  EXPECT_EQ(record["differences"],
            nlohmann::json::parse(R"([{"kind":"status","field":"","mock":"200","live":"401"}])"));
}

TEST_F(LiveRunTest, TheInterruptsCleanUpWaitsForWhatIsStillOnItsWay) {
  mock::MockOptions options;
  options.clock = [] { return ts::kNow; };
  live_.shadow(options, "upload-basics");
  mock::MockCloudinary shadow(std::move(options));
  const std::string body = ts::multipart_body(ts::signed_params({{"public_id", "in-flight"}}, cloud_),
                                              ts::FilePart{"x.png", "image/png", ts::png_bytes(8, 8, 4000)});
  auto exchange = shadow.begin(ts::multipart_post("/v1_1/" + cloud_.cloud_name + "/image/upload"));
  exchange->on_body(body.data(), body.size());
  auto cleaning = std::async(std::launch::async, [&] { return live_.clean_up_when_settled(std::chrono::seconds(60)); });
  // Gives the clean-up the time to start waiting; without the wait it would find nothing and delete nothing.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_EQ(exchange->finish().status, 200);
  EXPECT_TRUE(cleaning.get().empty());
  EXPECT_TRUE(upstream_.mock().store().list(cloud_.cloud_name).empty());
}

TEST_F(LiveRunTest, ANamedTransformationIsDefinedInTheRealCloudAndDeletedWithTheRest) {
  EXPECT_EQ(live_.define_named_transformation(cloud_, "cldcert_thumb", "c_fill,w_100"), "");
  EXPECT_EQ(upstream_.mock().store().find_named_transformation(cloud_.cloud_name, "cldcert_thumb"), "c_fill,w_100");
  EXPECT_TRUE(upstream_.mock().journal().entries().back().fields.size() >= 2);
  EXPECT_TRUE(live_.clean_up().empty());
  EXPECT_FALSE(upstream_.mock().store().find_named_transformation(cloud_.cloud_name, "cldcert_thumb"));

  mock::Cloud wrong = cloud_;
  wrong.api_secret = "notTheSecret";
  const std::string problem = live_.define_named_transformation(wrong, "other", "w_10");
  EXPECT_NE(problem.find("refused to define t_other (401"), std::string::npos) << problem;
  EXPECT_EQ(problem.find("notTheSecret"), std::string::npos);
}

TEST_F(LiveRunTest, CleaningUpRemovesTheFilesOfLargeAnswersAlreadyServed) {
  ScratchDir work("live-run");
  live_.spill_answers_to(work / "live-answers");
  const std::string file(kMaxAnswerInMemory + 10, 'z');
  ASSERT_EQ(ts::post_upload(upstream_.mock(), cloud_, ts::signed_params({{"public_id", "big.bin"}}, cloud_),
                            ts::FilePart{"big.bin", "application/octet-stream", file}, "raw")
                .status,
            200);
  auto answer = live_.upstream().call(upstream_head("GET", "/" + cloud_.cloud_name + "/raw/upload/big.bin"));
  ASSERT_FALSE(answer.body_file.empty());
  EXPECT_TRUE(std::filesystem::exists(answer.body_file));
  live_.clean_up();
  EXPECT_FALSE(std::filesystem::exists(answer.body_file));
}

TEST_F(LiveRunTest, WithARecordEachAssetIsTaggedAndLedgeredUntilDeleted) {
  ScratchDir state("live-run-record");
  ASSERT_EQ(live_.keep_record("20231114-221320-3f9a1c", state.path(), [] { return ts::kNow; }), "");
  const std::filesystem::path ledger = state / "20231114-221320-3f9a1c.jsonl";
  EXPECT_EQ(live_.ledger()->file(), ledger);
  mock::MockOptions options;
  options.clock = [] { return ts::kNow; };
  live_.shadow(options, "upload-basics");
  mock::MockCloudinary shadow(std::move(options));
  auto answer = ts::post_upload(shadow, cloud_, ts::signed_params({{"public_id", "p"}, {"tags", "own"}}, cloud_),
                                ts::FilePart{"x.png", "image/png", ts::png_bytes(8, 8, 400)});
  ASSERT_EQ(answer.status, 200) << answer.body;
  // The integration's answer is the upstream's at upload time: the tag comes after, off its path.
  EXPECT_EQ(ts::body_json(answer)["tags"], nlohmann::json::array({"own"}));
  // The ledger line is on disk as soon as the answer is recorded.
  EXPECT_NE(ts::read_file(ledger).find(R"("name":"p")"), std::string::npos);

  // The clean-up waits for the tag (so a sweep could have found it), then deletes.
  EXPECT_TRUE(live_.clean_up().empty());
  bool tagged = false;
  for (const auto& e : upstream_.mock().journal().entries()) tagged = tagged || (e.action == "tags" && e.status == 200);
  EXPECT_TRUE(tagged);
  EXPECT_TRUE(upstream_.mock().store().list(cloud_.cloud_name).empty());
  EXPECT_EQ(ts::read_file(ledger), "");  // empty, still the running run's

  nlohmann::json report = live_.report_json();
  EXPECT_EQ(report["run_id"], "20231114-221320-3f9a1c");
  EXPECT_EQ(report["tag"], "cldcert-20231114-221320-3f9a1c");
  EXPECT_EQ(report["record_problems"], nlohmann::json::array());
  EXPECT_TRUE(live_.clean_up_when_settled(std::chrono::seconds(1)).empty());
  EXPECT_FALSE(std::filesystem::exists(ledger));  // the run is over with nothing left
}

TEST_F(LiveRunTest, ALedgerThatCannotBeKeptIsNamed) {
  ScratchDir state("live-run-record-bad");
  const auto file = state.write("file", "x");
  const std::string problem = live_.keep_record("r", file / "live");
  EXPECT_NE(problem.find((file / "live").string()), std::string::npos) << problem;
  EXPECT_NE(LiveRun(accounts_, upstream_.config()).keep_record("r", "").find("CLDCERT_STATE_DIR"), std::string::npos);
}

}  // namespace
}  // namespace cldcert::live
