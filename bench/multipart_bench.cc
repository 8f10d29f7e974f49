// Measures MultipartParser CPU cost per GiB of file-part data, the number that bounds upload tests.
// Usage: multipart_bench [GiB=1] [slice KiB=64]. The body is synthesised up front, so only parsing is timed.
#include <sys/resource.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "mocks/multipart_parser.h"

namespace {

using cldcert::mock::MultipartParser;

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// A pool larger than a slice that is cycled through at shifting offsets, so slices differ without
// generating a GiB of data.
std::string make_pool(bool adversarial, const std::string& boundary) {
  std::string pool(16u << 20, '\0');
  std::uint64_t state = 0x243F6A8885A308D3ull;
  for (std::size_t i = 0; i + 8 <= pool.size(); i += 8) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    std::memcpy(&pool[i], &state, 8);
  }
  if (adversarial) {
    // A CRLF-dashes fragment every 64 bytes and a delimiter missing its last byte every KiB:
    // the worst realistic case for a searcher keyed on the delimiter's first bytes.
    const std::string near_miss = "\r\n--" + boundary.substr(0, boundary.size() - 1) + "!";
    for (std::size_t i = 0; i + 64 <= pool.size(); i += 64) pool.replace(i, 4, "\r\n--");
    for (std::size_t i = 32; i + 1024 <= pool.size(); i += 1024) pool.replace(i, near_miss.size(), near_miss);
  }
  return pool;
}

struct Result {
  double cpu = 0;
  double gib = 0;
  bool ok = false;
};

Result run(bool adversarial, std::uint64_t total, std::size_t slice) {
  const std::string boundary = "--------------------------870316524851294633925811";
  const std::string pool = make_pool(adversarial, boundary);
  const std::string head = "--" + boundary +
                           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                           "Content-Type: application/octet-stream\r\n\r\n";
  const std::string tail = "\r\n--" + boundary + "--\r\n";

  std::uint64_t delivered = 0;
  MultipartParser parser(boundary, {nullptr, [&](const char*, std::size_t n) { delivered += n; }, nullptr});
  const double start = cpu_seconds();
  bool ok = parser.feed(head.data(), head.size());
  std::uint64_t sent = 0;
  std::size_t offset = 0;
  while (ok && sent < total) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(slice, total - sent));
    if (offset + n > pool.size()) offset = (offset + 4099) % (pool.size() - slice);
    ok = parser.feed(pool.data() + offset, n);
    offset += n;
    sent += n;
  }
  ok = ok && parser.feed(tail.data(), tail.size()) && parser.finish();
  const double cpu = cpu_seconds() - start;
  if (!ok) std::fprintf(stderr, "parse failed: %s\n", parser.error().c_str());
  if (delivered != total) {
    std::fprintf(stderr, "delivered %llu of %llu bytes\n", static_cast<unsigned long long>(delivered),
                 static_cast<unsigned long long>(total));
    ok = false;
  }
  return {cpu, static_cast<double>(total) / (1u << 30), ok};
}

}  // namespace

int main(int argc, char** argv) {
  const double gib = argc > 1 ? std::atof(argv[1]) : 1.0;
  const std::size_t slice_kib = argc > 2 ? static_cast<std::size_t>(std::atol(argv[2])) : 64;
  if (gib <= 0 || slice_kib == 0) {
    std::fprintf(stderr, "usage: %s [GiB=1] [slice KiB=64]\n", argv[0]);
    return 2;
  }
  const auto total = static_cast<std::uint64_t>(gib * (1u << 30));
  const std::size_t slice = slice_kib * 1024;
  bool all_ok = true;
  for (bool adversarial : {false, true}) {
    const Result r = run(adversarial, total, slice);
    all_ok = all_ok && r.ok;
    std::printf("%-34s %.2f GiB in %zu KiB slices: %.3f CPU-s, %.3f CPU-s/GiB%s\n",
                adversarial ? "file part, delimiter-like data:" : "file part, random data:", r.gib, slice_kib, r.cpu,
                r.cpu / r.gib, r.ok ? "" : "  (FAILED)");
  }
  return all_ok ? 0 : 1;
}
