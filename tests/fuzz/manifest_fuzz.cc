// Fuzzes the manifest loader (harness/manifest.*): `cldcert run` and `verify` read cldcert.json
// through it. Its contract: any problem is a ManifestError (exit 2), never another exception or a crash.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "harness/manifest.h"
#include "tests/fuzz/fuzz_temp_dir.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The loader reads a file and resolves paths against its folder, so the input goes to disk.
  static const cldcert::fuzz::TempDir temp("manifest");
  const std::filesystem::path& dir = temp.path();
  {
    std::ofstream out(dir / "cldcert.json", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    cldcert::load_manifest(dir / "cldcert.json");
  } catch (const cldcert::ManifestError&) {}
  return 0;
}
