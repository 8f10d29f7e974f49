// Fuzzes one line of a bundle's journal/<scenario>.jsonl as `cldcert verify` reads it
// (harness/bundle_rederive.cc: mocks/bounded_json.h's parse_json_text, then mocks/journal.h's from_json).
// Contract: a malformed line throws nlohmann::json::exception, never another exception or a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "mocks/bounded_json.h"
#include "mocks/journal.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // As verify reads a bundle's journal line (bundle_rederive.cc parse_journal): the bounded parser first.
  cldcert::mock::ParsedJson parsed =
      cldcert::mock::parse_json_text(std::string(reinterpret_cast<const char*>(data), size));
  if (!parsed.error.empty()) return 0;
  try {
    auto entry = parsed.doc.get<cldcert::mock::JournalEntry>();
    nlohmann::json again = entry;  // what verify's checks and the HAR export do with it next
  } catch (const nlohmann::json::exception&) {}
  return 0;
}
