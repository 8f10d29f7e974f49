// A scenario's evidence as the bundle keeps it (evidence/<scenario>.json): every step record with
// its output, logs and store snapshot, and the fixtures' facts — what `cldcert verify` re-judges.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/checks/check.h"
#include "harness/checks/secret_record.h"
#include "mocks/journal.h"
#include "mocks/redactor.h"

namespace cldcert {

struct ScenarioEvidence {
  std::vector<StepRecord> steps;
  std::map<std::string, FixtureFacts> fixtures;
  // What ties the file to its run and its journal, so `cldcert verify` notices an evidence file
  // swapped in from another run or scenario: the run's id, the scenario's id, the SHA-256 of
  // journal/<scenario>.jsonl as written, and why the scenario errored ("" when it did not).
  std::string run_id;
  std::string scenario;
  std::string journal_sha256;
  std::string reason;
  // A live run's answers from its secrets (checks/secret_record.h): what verify takes from the run's
  // record. Written only when there are some, so a mock run's file reads as before.
  std::vector<SecretFact> verified_with_secrets = {};
};

nlohmann::json output_leak_to_json(const OutputLeak& leak);
nlohmann::json step_to_json(const StepRecord& step);
StepRecord step_from_json(const nlohmann::json& json);

nlohmann::json evidence_to_json(const ScenarioEvidence& evidence);
// Throws nlohmann::json::exception (naming the field) on a malformed file.
ScenarioEvidence evidence_from_json(const nlohmann::json& json);

// Checks judge what the bundle will hold: the journal and the step outputs with every secret
// already replaced by [REDACTED] (in any encoding), so a reviewer re-deriving verdicts from the
// bundle gets the same answers. Redacting twice changes nothing. Strings are also as the bundle's
// JSON writer keeps them (invalid UTF-8 replaced).
std::vector<mock::JournalEntry> redacted_journal(const std::vector<mock::JournalEntry>& entries,
                                                 const mock::Redactor& redactor);
nlohmann::json redacted_json(nlohmann::json value, const mock::Redactor& redactor);

}  // namespace cldcert
