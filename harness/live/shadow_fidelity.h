// Shadow fidelity: where the mock's own answer to a live run's request (never given) differs from what
// Cloudinary answered — status, kind of body, the fields present and their JSON types, never the values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/http_types.h"
#include "mocks/mock_state.h"

namespace cldcert::live {

// One way the mock's answer differs. Values are left out on purpose: ids, URLs, versions and times differ
// between any two clouds, so only what an integration's parser depends on is compared.
struct AnswerDifference {
  // status | body (JSON on one side only) | content_type | missing_in_mock | missing_in_live | type
  std::string kind;
  // The field as a path: "public_id", "resources[].tags[]", "error.message"; "" for status, body, content_type.
  std::string field;
  std::string mock;  // the mock's status, content type or JSON type ("" when the field is missing there)
  std::string live;  // the upstream's
  bool operator==(const AnswerDifference&) const = default;
};

// An answer's differences, at most kMaxDifferencesPerAnswer. Two answers with different statuses differ by
// that only (an error body is not the success body's fidelity problem); a field missing on one side is
// named once, not with each field under it; arrays compare the union of their elements' shapes.
inline constexpr std::size_t kMaxDifferencesPerAnswer = 50;
std::vector<AnswerDifference> answer_differences(const mock::HttpResponse& mock, const mock::HttpResponse& live);

// The differences of a whole run, by scenario and journal entry: fidelity.json, and the summary report.json
// keeps. Thread-safe (scenarios' servers record into it).
class FidelityLog {
 public:
  void record(const std::string& scenario, const mock::ShadowedAnswer& answer);
  // fidelity.json: {"schema", "compared", "differing", "differences": [per answer], "summary": [grouped]}.
  nlohmann::json document() const;
  // report.json's live.fidelity: fidelity_summary(document()).
  nlohmann::json summary() const;

 private:
  mutable std::mutex mutex_;
  std::size_t compared_ = 0;
  std::size_t differing_ = 0;
  nlohmann::json differences_ = nlohmann::json::array();  // at most kMaxRecordedAnswers
};

// fidelity.json from its counts and the differing answers it keeps (grouped into its "summary").
nlohmann::json fidelity_document(std::uint64_t compared, std::uint64_t differing, const nlohmann::json& differences);

// Answers with differences kept in fidelity.json; past it only counted (a run against a very different
// cloud would otherwise write a file as large as its journal).
inline constexpr std::size_t kMaxRecordedAnswers = 2000;

// Groups per-answer records (fidelity.json's "differences", from one run or many) by request kind (method,
// api, action) and difference (kind, field, mock, live): {…, "text" (describe_difference), "answers": n,
// "first": {scenario, journal_id}},
// the most frequent first. Records that name their "bundle" (cldcert fidelity) also count "bundles".
nlohmann::json group_differences(const nlohmann::json& records);

// report.json's live.fidelity from a fidelity.json document: its counts, how many distinct differences, and
// the first `limit` groups. The run writes both from one log; `cldcert verify` re-derives this from the file.
nlohmann::json fidelity_summary(const nlohmann::json& document, std::size_t limit = 20);

// A group's difference in words, for the summary, the report and `cldcert fidelity`:
// "POST upload upload: size_bytes is missing in the mock (live: integer)".
std::string describe_difference(const nlohmann::json& group);

}  // namespace cldcert::live
