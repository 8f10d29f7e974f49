#include "harness/fidelity_command.h"

#include <gtest/gtest.h>

#include "harness/bundle.h"
#include "harness/exit_codes.h"
#include "harness/live/shadow_fidelity.h"
#include "harness/scratch_dir_test_support.h"
#include "mocks/http_types.h"
#include "mocks/json_problems.h"

namespace cldcert {
namespace {

// A live bundle whose run compared `compared` answers, one of which lacked `field` in the mock.
void write_live_bundle(const ScratchDir& dir, const std::string& name, std::size_t compared, const std::string& field) {
  live::FidelityLog log;
  mock::HttpResponse mine, theirs;
  mine.body = R"({"public_id":"a"})";
  theirs.body = R"({"public_id":"a",")" + field + R"(":1})";
  for (std::size_t i = 0; i + 1 < compared; ++i)
    log.record("sync", {i + 1, "GET", "admin", "resources", "c", mine, mine});
  log.record("upload-basics", {compared, "POST", "upload", "upload", "c", mine, theirs});
  dir.write(name + "/" + kReportJson, R"({"mode":"live"})");
  dir.write(name + "/" + kFidelityJson, log.document().dump());
}

TEST(AggregateFidelity, CountsEveryBundleAndGroupsTheirDifferences) {
  ScratchDir dir("fidelity");
  write_live_bundle(dir, "a", 3, "size");
  write_live_bundle(dir, "b", 2, "size");
  write_live_bundle(dir, "c", 2, "asset_folder");
  nlohmann::json all = aggregate_fidelity({dir / "a", dir / "b", dir / "c"});
  EXPECT_EQ(all["bundles"], 3);
  EXPECT_EQ(all["compared"], 7);
  EXPECT_EQ(all["differing"], 3);
  ASSERT_EQ(all["differences"].size(), 2u);
  EXPECT_EQ(all["differences"][0]["field"], "size");
  EXPECT_EQ(all["differences"][0]["bundles"], 2);
  EXPECT_EQ(all["differences"][0]["first"]["bundle"], (dir / "a").string());
  EXPECT_EQ(all["differences"][0]["first"]["journal_id"], 3);
  EXPECT_EQ(all["differences"][1]["field"], "asset_folder");
}

TEST(RunFidelity, JsonReplacesOnlyAnEarlierAggregate) {
  ScratchDir dir("fidelity");
  write_live_bundle(dir, "a", 2, "size");
  const auto theirs = dir.write("theirs.json", "{\"mine\": true}");
  FidelityOptions options{{(dir / "a").string()}, theirs.string()};
  EXPECT_EQ(run_fidelity(options), kExitBadInput);
  EXPECT_EQ(mock::read_file_text(theirs).text, "{\"mine\": true}");
  options.json_out = (dir / "aggregate.json").string();
  ASSERT_EQ(run_fidelity(options), kExitOk);
  ASSERT_EQ(run_fidelity(options), kExitOk);  // its own earlier output is replaced
  EXPECT_EQ(mock::read_json_file(dir / "aggregate.json").doc["schema"], "cldcert/fidelity-aggregate/v1");
}

TEST(AggregateFidelity, AMockBundleOrAForeignFileIsNamed) {
  ScratchDir dir("fidelity");
  dir.write("mock/" + std::string(kReportJson), "{}");
  dir.write("odd/" + std::string(kReportJson), "{}");
  dir.write("odd/" + std::string(kFidelityJson), R"({"schema":"other"})");
  dir.write("typed/" + std::string(kReportJson), "{}");
  dir.write("typed/" + std::string(kFidelityJson), R"({"schema":7,"differences":[]})");
  auto refusal = [](const std::filesystem::path& bundle) {
    try {
      aggregate_fidelity({bundle});
    } catch (const std::runtime_error& e) { return std::string(e.what()); }
    return std::string("accepted");
  };
  EXPECT_EQ(refusal(dir / "mock"), (dir / "mock").string() +
                                       ": no fidelity.json: a mock run's bundle (only `cldcert run --live` compares "
                                       "the mock with live clouds)");
  EXPECT_NE(refusal(dir / "odd").find("odd/fidelity.json: not a fidelity file of schema cldcert/fidelity/v1"),
            std::string::npos);
  EXPECT_NE(refusal(dir / "nothing").find("not a cldcert bundle"), std::string::npos);
  EXPECT_NE(refusal(dir / "typed").find("not a fidelity file of schema"), std::string::npos);
}

}  // namespace
}  // namespace cldcert
