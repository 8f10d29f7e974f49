// Fuzzes the Content-Range parser of chunked uploads (mocks/chunked_upload.*): every chunk an
// SDK's upload_large sends goes through it, and its result sizes a write into the spool file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "mocks/chunked_upload.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view header(reinterpret_cast<const char*>(data), size);
  std::string error;
  auto range = cldcert::mock::parse_content_range(header, &error);
  if (!range) {
    if (error.empty()) std::abort();  // a refusal always says why
    return 0;
  }
  // What the chunk writer relies on: a non-empty range whose length does not wrap, and a total
  // that is either "unknown" (-1) or past the end of the range.
  if (range->end < range->start || range->length() == 0) std::abort();
  if (range->total != -1 && (range->total < 0 || static_cast<std::uint64_t>(range->total) <= range->end)) std::abort();
  return 0;
}
