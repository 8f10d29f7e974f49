// Fuzzes the reader of evidence/<scenario>.json (harness/evidence_file.*), which `cldcert verify`
// applies to a bundle someone else produced. Contract: a malformed file throws
// nlohmann::json::exception (verify reports it), never another exception or a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/evidence_file.h"
#include "mocks/json_problems.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cldcert::mock::ParsedJson parsed =
      cldcert::mock::parse_json_text(std::string(reinterpret_cast<const char*>(data), size));
  if (!parsed.error.empty()) return 0;
  try {
    cldcert::ScenarioEvidence evidence = cldcert::evidence_from_json(parsed.doc);
    cldcert::evidence_to_json(evidence);
  } catch (const nlohmann::json::exception&) {}
  return 0;
}
