// Fuzzes the MANIFEST.sha256 reader (harness/bundle_manifest.*), the first thing `cldcert verify`
// trusts in a bundle. The input is the manifest of a small bundle holding one known file.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "harness/bundle_manifest.h"
#include "tests/fuzz/fuzz_temp_dir.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const cldcert::fuzz::TempDir temp("bundle");
  static const std::filesystem::path bundle = [] {
    std::filesystem::create_directories(temp.path() / "evidence");
    std::ofstream(temp.path() / "report.json") << "{}\n";
    std::ofstream(temp.path() / "evidence" / "a.json") << "{}\n";
    return temp.path();
  }();
  {
    std::ofstream out(bundle / cldcert::kBundleManifest, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  cldcert::check_bundle_manifest(bundle);
  return 0;
}
