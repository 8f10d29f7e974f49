// Fuzzes the streaming multipart/form-data parser (mocks/multipart_parser.*), which reads every
// upload body an integration sends. Input: "<Content-Type header>\n<body>"; the body is fed in
// slices whose sizes come from the body's own bytes, so slice boundaries land everywhere.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "mocks/multipart_parser.h"

using cldcert::mock::MultipartParser;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  auto boundary = MultipartParser::boundary_from_content_type(input.substr(0, newline));
  if (!boundary) return 0;
  std::string_view body = input.substr(newline + 1);

  std::size_t emitted = 0, begun = 0, ended = 0;
  MultipartParser::Callbacks callbacks;
  callbacks.on_part_begin = [&](const MultipartParser::PartHeader&) { ++begun; };
  callbacks.on_part_data = [&](const char* bytes, std::size_t n) {
    if (n == 0 || bytes == nullptr) std::abort();  // documented: never size 0
    emitted += n;
  };
  callbacks.on_part_end = [&] { ++ended; };
  MultipartParser parser(*boundary, callbacks);

  std::size_t at = 0;
  bool ok = true;
  while (ok && at < body.size()) {
    std::size_t slice = 1 + static_cast<unsigned char>(body[at]) % 97;
    if (slice > body.size() - at) slice = body.size() - at;
    ok = parser.feed(body.data() + at, slice);
    at += slice;
  }
  if (ok) parser.finish();
  // Part data is a subset of the body, and a part ends only after it began.
  if (emitted > body.size() || ended > begun || parser.bytes_fed() > body.size()) std::abort();
  return 0;
}
