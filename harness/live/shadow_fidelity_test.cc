#include "harness/live/shadow_fidelity.h"

#include <gtest/gtest.h>

namespace cldcert::live {
namespace {

mock::HttpResponse json_answer(const char* body, int status = 200) {
  mock::HttpResponse r;
  r.status = status;
  r.body = body;
  return r;
}

std::vector<AnswerDifference> differences(const char* mock, const char* live) {
  return answer_differences(json_answer(mock), json_answer(live));
}

TEST(AnswerDifferences, ValuesDoNotCountFieldsAndTypesDo) {
  EXPECT_TRUE(
      differences(R"({"public_id":"a","bytes":1,"tags":["x"]})", R"({"public_id":"b","bytes":9,"tags":[]})").empty());
  EXPECT_EQ(differences(R"({"public_id":"a","bytes":1})", R"({"public_id":"a","size_bytes":1})"),
            (std::vector<AnswerDifference>{{"missing_in_mock", "size_bytes", "", "integer"},
                                           {"missing_in_live", "bytes", "integer", ""}}));
  EXPECT_EQ(differences(R"({"bytes":1,"width":2.5,"folder":null})", R"({"bytes":"1","width":2,"folder":""})"),
            (std::vector<AnswerDifference>{{"type", "bytes", "integer", "string"},
                                           {"type", "folder", "null", "string"},
                                           {"type", "width", "number", "integer"}}));
}

TEST(AnswerDifferences, AMissingObjectIsNamedOnceAndArraysCompareTheirElementsShapes) {
  EXPECT_EQ(differences(R"({"a":1})", R"({"a":1,"context":{"custom":{"alt":"x"}}})"),
            (std::vector<AnswerDifference>{{"missing_in_mock", "context", "", "object"}}));
  EXPECT_EQ(differences(R"({"resources":[{"public_id":"a"},{"public_id":"b"}]})",
                        R"({"resources":[{"public_id":"a","asset_folder":""},{"public_id":"b"}]})"),
            (std::vector<AnswerDifference>{{"missing_in_mock", "resources[].asset_folder", "", "string"}}));
  // An empty list says nothing of its elements' shape.
  EXPECT_TRUE(differences(R"({"resources":[]})", R"({"resources":[{"public_id":"a"}]})").empty());
}

TEST(AnswerDifferences, StatusFirstThenTheKindOfBody) {
  EXPECT_EQ(answer_differences(json_answer(R"({"public_id":"a"})"), json_answer(R"({"error":{}})", 400)),
            (std::vector<AnswerDifference>{{"status", "", "200", "400"}}));
  mock::HttpResponse page;
  page.content_type = "text/html; charset=utf-8";
  page.body = "<html></html>";
  EXPECT_EQ(answer_differences(json_answer("{}"), page),
            (std::vector<AnswerDifference>{{"body", "", "JSON", "not JSON"}}));
  mock::HttpResponse image;
  image.content_type = "image/png";
  image.body = "\x89PNG";
  mock::HttpResponse webp = image;
  webp.content_type = "image/webp";
  EXPECT_TRUE(answer_differences(image, image).empty());
  EXPECT_EQ(answer_differences(image, webp),
            (std::vector<AnswerDifference>{{"content_type", "", "image/png", "image/webp"}}));
}

TEST(AnswerDifferences, AVeryDifferentAnswerIsCutAtTheLimit) {
  nlohmann::json wide = nlohmann::json::object();
  for (int i = 0; i < 200; ++i) wide["f" + std::to_string(i)] = i;
  EXPECT_EQ(answer_differences(json_answer("{}"), json_answer(wide.dump().c_str())).size(), kMaxDifferencesPerAnswer);
}

mock::ShadowedAnswer shadowed(std::uint64_t id, const mock::HttpResponse& mine, const mock::HttpResponse& theirs) {
  return {id, "POST", "upload", "upload", "demo", mine, theirs};
}

TEST(FidelityLog, CountsEveryAnswerKeepsTheDifferingOnesAndGroupsThem) {
  FidelityLog log;
  const auto renamed = json_answer(R"({"public_id":"a","size":1})"),
             mine = json_answer(R"({"public_id":"a","bytes":1})");
  log.record("upload-basics", shadowed(1, mine, mine));
  log.record("upload-basics", shadowed(2, mine, renamed));
  log.record("sync", shadowed(7, mine, renamed));
  nlohmann::json doc = log.document();
  EXPECT_EQ(doc["schema"], "cldcert/fidelity/v1");
  EXPECT_EQ(doc["compared"], 3);
  EXPECT_EQ(doc["differing"], 2);
  ASSERT_EQ(doc["differences"].size(), 2u);
  EXPECT_EQ(doc["differences"][1]["scenario"], "sync");
  EXPECT_EQ(doc["differences"][1]["journal_id"], 7);
  ASSERT_EQ(doc["summary"].size(), 2u);
  EXPECT_EQ(doc["summary"][0]["kind"], "missing_in_mock");
  EXPECT_EQ(doc["summary"][0]["field"], "size");
  EXPECT_EQ(doc["summary"][0]["answers"], 2);
  EXPECT_EQ(doc["summary"][0]["first"], nlohmann::json::parse(R"({"scenario":"upload-basics","journal_id":2})"));
  EXPECT_EQ(doc["summary"][0]["text"], "POST upload upload: size is missing in the mock (live: integer)");
  EXPECT_EQ(doc["summary"][1]["text"], "POST upload upload: bytes is only in the mock (integer), not live");
  nlohmann::json summary = log.summary(1);
  EXPECT_EQ(summary["distinct"], 2);
  EXPECT_EQ(summary["top"].size(), 1u);
}

TEST(GroupDifferences, RecordsFromSeveralBundlesCountTheBundlesFirst) {
  nlohmann::json records = nlohmann::json::parse(R"([
    {"bundle":"a","scenario":"s","journal_id":1,"method":"GET","api":"admin","action":"resources",
     "differences":[{"kind":"type","field":"x","mock":"integer","live":"string"}]},
    {"bundle":"a","scenario":"s","journal_id":2,"method":"GET","api":"admin","action":"resources",
     "differences":[{"kind":"type","field":"x","mock":"integer","live":"string"}]},
    {"bundle":"a","scenario":"s","journal_id":3,"method":"GET","api":"admin","action":"resources",
     "differences":[{"kind":"type","field":"x","mock":"integer","live":"string"}]},
    {"bundle":"a","scenario":"t","journal_id":4,"method":"POST","api":"upload","action":"upload",
     "differences":[{"kind":"missing_in_mock","field":"y","mock":"","live":"string"}]},
    {"bundle":"b","scenario":"t","journal_id":9,"method":"POST","api":"upload","action":"upload",
     "differences":[{"kind":"missing_in_mock","field":"y","mock":"","live":"string"}]}])");
  nlohmann::json groups = group_differences(records);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0]["field"], "y");  // in two bundles: before the one seen three times in one bundle
  EXPECT_EQ(groups[0]["bundles"], 2);
  EXPECT_EQ(groups[0]["answers"], 2);
  EXPECT_EQ(groups[0]["first"]["bundle"], "a");
  EXPECT_EQ(groups[1]["answers"], 3);
  EXPECT_EQ(groups[1]["bundles"], 1);
  EXPECT_EQ(groups[1]["text"], "GET admin resources: x is integer in the mock, string live");
}

}  // namespace
}  // namespace cldcert::live
