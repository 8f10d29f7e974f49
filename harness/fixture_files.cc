#include "harness/fixture_files.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <stdexcept>
#include <fstream>
#include <vector>

#include "harness/delivery_probe.h"
#include "mocks/digest.h"
#include "mocks/id_source.h"

namespace cldcert {
namespace {

std::uint32_t crc32(const std::string& data, std::size_t from, std::size_t to) {
  static const auto kTable = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xffffffffu;
  for (std::size_t i = from; i < to; ++i) c = kTable[(c ^ static_cast<unsigned char>(data[i])) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

void put32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void chunk(std::string& png, const char* type, const std::string& data) {
  put32(png, static_cast<std::uint32_t>(data.size()));
  std::size_t start = png.size();
  png += type;
  png += data;
  put32(png, crc32(png, start, png.size()));
}

// The file's SHA-256, and its first and last kDeliveryProbeBytes' (delivery_probe.h), in one pass over it.
void hash_whole_head_and_tail(const std::filesystem::path& path, FixtureFacts& facts) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  const std::uint64_t probe = std::min(facts.size, kDeliveryProbeBytes);
  const std::uint64_t tail_start = facts.size - probe;
  mock::StreamingDigest whole, head, tail;
  std::vector<char> buffer(1 << 20);
  std::uint64_t at = 0;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<std::uint64_t>(in.gcount());
    whole.update(buffer.data(), n);
    if (at < probe) head.update(buffer.data(), std::min(n, probe - at));
    if (at + n > tail_start) {
      const std::uint64_t skip = tail_start > at ? tail_start - at : 0;
      tail.update(buffer.data() + skip, n - skip);
    }
    at += n;
  }
  facts.sha256 = whole.final_hex();
  facts.head_sha256 = head.final_hex();
  facts.tail_sha256 = tail.final_hex();
}

}  // namespace

std::string make_png(int width, int height, std::uint64_t seed) {
  std::string raw;
  raw.reserve(static_cast<std::size_t>(height) * (1 + 3 * static_cast<std::size_t>(width)));
  std::uint64_t state = seed;
  std::uint64_t base = mock::splitmix64(state);
  for (int y = 0; y < height; ++y) {
    raw.push_back('\0');  // filter: none
    for (int x = 0; x < width; ++x) {
      // A seeded gradient: distinct per seed, pleasant enough in a screenshot.
      raw.push_back(static_cast<char>((x * 255 / std::max(1, width - 1) + (base & 0xff)) & 0xff));
      raw.push_back(static_cast<char>((y * 255 / std::max(1, height - 1) + ((base >> 8) & 0xff)) & 0xff));
      raw.push_back(static_cast<char>(((x + y) + ((base >> 16) & 0xff)) & 0xff));
    }
  }
  std::string zlib = "\x78\x01";
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : raw) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  for (std::size_t at = 0; at < raw.size() || at == 0; at += 65535) {
    std::size_t n = std::min<std::size_t>(65535, raw.size() - at);
    bool last = at + n >= raw.size();
    zlib.push_back(last ? '\1' : '\0');
    zlib.push_back(static_cast<char>(n & 0xff));
    zlib.push_back(static_cast<char>(n >> 8));
    zlib.push_back(static_cast<char>(~n & 0xff));
    zlib.push_back(static_cast<char>((~n >> 8) & 0xff));
    zlib.append(raw, at, n);
    if (last) break;
  }
  put32(zlib, (b << 16) | a);

  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  put32(ihdr, static_cast<std::uint32_t>(width));
  put32(ihdr, static_cast<std::uint32_t>(height));
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, deflate, no filter, no interlace
  chunk(png, "IHDR", ihdr);
  chunk(png, "IDAT", zlib);
  chunk(png, "IEND", "");
  return png;
}

std::filesystem::path materialize_fixture(const FixtureSpec& spec, const std::filesystem::path& cache_dir) {
  std::filesystem::create_directories(cache_dir);
  std::string key = spec.kind == "png"
                        ? "png-" + std::to_string(spec.width) + "x" + std::to_string(spec.height) + "-s" +
                              std::to_string(spec.seed) + ".png"
                        : spec.kind + "-" + std::to_string(spec.size) + "-s" + std::to_string(spec.seed) +
                              (spec.kind == "mp4"       ? ".mp4"
                               : spec.extension.empty() ? ".bin"
                                                        : "." + spec.extension);
  std::filesystem::path path = cache_dir / key;
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return path;
  // Unique per process and per call: scenarios on other threads (--jobs) share this cache and
  // may be writing the same fixture right now; each writes its own file, the last rename wins.
  static std::atomic<std::uint64_t> writes{0};
  std::filesystem::path partial = path;
  partial += ".partial-" + std::to_string(::getpid()) + "-" + std::to_string(++writes);
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (spec.kind == "png") {
      out << make_png(spec.width, spec.height, spec.seed);
    } else {
      std::uint64_t written = 0;
      if (spec.kind == "mp4") {
        // An ISO media "ftyp" box: what sniffers (and the mock) recognise as MP4 video.
        static const char kFtyp[] =
            "\0\0\0\x18"
            "ftypisom\0\0\x02\0"
            "isommp41";
        written = std::min<std::uint64_t>(spec.size, sizeof kFtyp - 1);
        out.write(kFtyp, static_cast<std::streamsize>(written));
      }
      std::vector<std::uint64_t> block(1 << 17);  // 1 MiB
      std::uint64_t state = spec.seed;
      while (written < spec.size) {
        for (auto& word : block) word = mock::splitmix64(state);
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(spec.size - written, block.size() * 8));
        out.write(reinterpret_cast<const char*>(block.data()), static_cast<std::streamsize>(n));
        written += n;
      }
    }
    if (!out) throw std::runtime_error("cannot write fixture " + partial.string());
  }
  // Rename last, so a half-written fixture is never taken for a cached one.
  std::filesystem::rename(partial, path);
  return path;
}

FixtureFacts fixture_facts(const std::string& name, const std::filesystem::path& path) {
  FixtureFacts facts;
  facts.name = name;
  facts.size = std::filesystem::file_size(path);
  // Hashing a 1.1 GiB fixture takes seconds: the digests are cached beside it, keyed by its size
  // and time, so a fixture regenerated in place is hashed again (and a sidecar without the head's
  // and tail's digests, from before they were kept, too).
  std::filesystem::path sidecar = path;
  sidecar += ".sha256";
  std::string stamp = std::to_string(facts.size) + " " +
                      std::to_string(std::filesystem::last_write_time(path).time_since_epoch().count());
  {
    std::ifstream in(sidecar);
    std::string cached_stamp, digest, head, tail;
    if (std::getline(in, cached_stamp) && std::getline(in, digest) && std::getline(in, head) &&
        std::getline(in, tail) && cached_stamp == stamp && digest.size() == 64 && head.size() == 64 &&
        tail.size() == 64) {
      facts.sha256 = digest;
      facts.head_sha256 = head;
      facts.tail_sha256 = tail;
      return facts;
    }
  }
  hash_whole_head_and_tail(path, facts);
  std::filesystem::path partial = sidecar;
  partial += ".partial-" + std::to_string(::getpid());
  {
    std::ofstream out(partial, std::ios::trunc);
    out << stamp << "\n" << facts.sha256 << "\n" << facts.head_sha256 << "\n" << facts.tail_sha256 << "\n";
  }
  std::error_code ignored;
  std::filesystem::rename(partial, sidecar, ignored);
  return facts;
}

}  // namespace cldcert
