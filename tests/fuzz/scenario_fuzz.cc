// Fuzzes the scenario loader (harness/scenario.*): `--scenarios DIR` hands it user files. Its
// contract: any problem is a ScenarioError (exit 2), never another exception or a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "harness/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    cldcert::parse_scenario(text, "fuzz.scenario.json");
  } catch (const cldcert::ScenarioError&) {}
  return 0;
}
