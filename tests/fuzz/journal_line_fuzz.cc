// Fuzzes one line of a bundle's journal/<scenario>.jsonl as `cldcert verify` reads it
// (harness/verify_command.cc: nlohmann::json::parse, then mocks/journal.h's from_json).
// Contract: a malformed line throws nlohmann::json::exception, never another exception or a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "mocks/journal.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto doc = nlohmann::json::parse(reinterpret_cast<const char*>(data), reinterpret_cast<const char*>(data) + size,
                                   nullptr, false);
  if (doc.is_discarded()) return 0;
  try {
    auto entry = doc.get<cldcert::mock::JournalEntry>();
    nlohmann::json again = entry;  // what verify's checks and the HAR export do with it next
  } catch (const nlohmann::json::exception&) {}
  return 0;
}
