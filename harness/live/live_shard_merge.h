// `cldcert merge` of a live run's shards: their fidelity.json files and report.json's `live` records made
// one, so the merged bundle states what the whole run cost and where the mock differed in all of it.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

namespace cldcert::live {

// One fidelity.json from the shards' (FidelityLog::document's shape): counts summed, differing answers
// concatenated in shard order up to kMaxRecordedAnswers, grouped again. A shard's file in another shape
// counts as nothing, as fidelity_summary reads it.
nlohmann::json merge_fidelity_documents(const std::vector<nlohmann::json>& documents);

// report.json's `live` of the merged bundle: the first shard's clouds; requests and bytes summed; what each
// shard left behind and could not record, all of it; each cloud's Admin API budget as last seen (the latest
// reset, then the fewest calls left); every shard's run id and tag (`runs`; run_id and tag: the first's);
// `fidelity`: the summary of `fidelity` (merge_fidelity_documents).
nlohmann::json merge_live_reports(const std::vector<nlohmann::json>& lives, const nlohmann::json& fidelity);

}  // namespace cldcert::live
