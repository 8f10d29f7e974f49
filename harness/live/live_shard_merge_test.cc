#include "harness/live/live_shard_merge.h"

#include <gtest/gtest.h>

#include "harness/live/shadow_fidelity.h"

namespace cldcert::live {
namespace {

using nlohmann::json;

json difference(const std::string& scenario, int id, const std::string& field) {
  return {
      {"scenario", scenario},
      {"journal_id", id},
      {"method", "POST"},
      {"api", "upload"},
      {"action", "upload"},
      {"differences", json::array({{{"kind", "field"}, {"field", field}, {"mock", nullptr}, {"live", "integer"}}})}};
}

json document(std::uint64_t compared, std::vector<json> differences) {
  return fidelity_document(compared, differences.size(), differences);
}

// Two shards met the same renamed field and one more each: the merged file counts every answer compared,
// keeps every differing one, and groups them again, so the rename counts both shards' answers.
TEST(LiveShardMerge, FidelityDocumentsAddUpAndGroupAgain) {
  json one = document(10, {difference("upload-basics", 3, "size_bytes"), difference("upload-basics", 5, "a")});
  json two = document(7, {difference("delivery", 2, "size_bytes")});
  json merged = merge_fidelity_documents({one, two});
  EXPECT_EQ(merged["compared"], 17);
  EXPECT_EQ(merged["differing"], 3);
  EXPECT_EQ(merged["recorded"], 3);
  ASSERT_EQ(merged["differences"].size(), 3u);
  EXPECT_EQ(merged["differences"][2]["scenario"], "delivery");
  EXPECT_EQ(merged["summary"], group_differences(merged["differences"]));
  ASSERT_FALSE(merged["summary"].empty());
  EXPECT_EQ(merged["summary"][0]["answers"], 2);  // size_bytes, in both shards
  // A shard's file of another shape counts as nothing, as the summary reads it.
  EXPECT_EQ(merge_fidelity_documents({one, json::array({1, 2})})["compared"], 10);
}

TEST(LiveShardMerge, CostsAddUpAndTheLatestBudgetOfEachCloudStands) {
  json a = {{"clouds", {"c1", "c2"}},
            {"requests", 10},
            {"bytes_sent", 1000},
            {"bytes_received", 50},
            {"left_behind", {"c1 image/upload/x"}},
            {"record_problems", json::array()},
            {"run_id", "20261204-030000-aaaaaa"},
            {"tag", "cldcert-20261204-030000-aaaaaa"},
            {"rate_limits",
             {{"c1", {{"limit", 500}, {"remaining", 480}, {"reset", "2026-12-04T04:00:00Z"}}},
              {"c2", {{"limit", 500}, {"remaining", 100}, {"reset", "2026-12-04T04:00:00Z"}}}}}};
  json b = {{"clouds", {"c1", "c2"}},
            {"requests", 5},
            {"bytes_sent", 20},
            {"bytes_received", 7},
            {"left_behind", {"c2 raw/upload/y"}},
            {"record_problems", {"ledger: disk full"}},
            {"run_id", "20261204-030001-bbbbbb"},
            {"tag", "cldcert-20261204-030001-bbbbbb"},
            {"rate_limits",
             {{"c1", {{"limit", 500}, {"remaining", 470}, {"reset", "2026-12-04T04:00:00Z"}}},
              {"c2", {{"limit", 500}, {"remaining", 499}, {"reset", "2026-12-04T05:00:00Z"}}}}}};
  json fidelity = merge_fidelity_documents({document(4, {difference("s", 1, "f")}), document(3, {})});
  json merged = merge_live_reports({a, b}, fidelity);
  EXPECT_EQ(merged["clouds"], a["clouds"]);
  EXPECT_EQ(merged["requests"], 15);
  EXPECT_EQ(merged["bytes_sent"], 1020);
  EXPECT_EQ(merged["bytes_received"], 57);
  EXPECT_EQ(merged["left_behind"], json({"c1 image/upload/x", "c2 raw/upload/y"}));
  EXPECT_EQ(merged["record_problems"], json({"ledger: disk full"}));
  EXPECT_EQ(merged["rate_limits"]["c1"]["remaining"], 470);  // same hour: fewer left is later
  EXPECT_EQ(merged["rate_limits"]["c2"]["remaining"], 499);  // a later hour
  ASSERT_EQ(merged["runs"].size(), 2u);
  EXPECT_EQ(merged["runs"][1]["tag"], "cldcert-20261204-030001-bbbbbb");
  EXPECT_EQ(merged["run_id"], a["run_id"]);
  EXPECT_EQ(merged["fidelity"], fidelity_summary(fidelity));
  EXPECT_EQ(merged["fidelity"]["compared"], 7);
}

}  // namespace
}  // namespace cldcert::live
