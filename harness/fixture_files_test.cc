#include "harness/fixture_files.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <latch>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include "harness/delivery_probe.h"
#include "mocks/digest.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (std::uint32_t(static_cast<unsigned char>(s[at])) << 24) |
         (std::uint32_t(static_cast<unsigned char>(s[at + 1])) << 16) |
         (std::uint32_t(static_cast<unsigned char>(s[at + 2])) << 8) |
         std::uint32_t(static_cast<unsigned char>(s[at + 3]));
}

// CRC-32 (ISO 3309) bit by bit, written apart from the table-driven one under test.
std::uint32_t crc32_bitwise(std::string_view data) {
  std::uint32_t crc = 0xffffffffu;
  for (unsigned char byte : data) {
    crc ^= byte;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

struct Chunk {
  std::string type, data;
};

struct DecodedPng {
  std::vector<Chunk> chunks;
  std::uint32_t width = 0, height = 0;
  std::string pixels;  // inflated IDAT: per row a filter byte, then RGB
};

// Reads a PNG whose IDAT uses stored deflate blocks (what make_png promises), checking every
// CRC, the zlib header, each block's LEN/NLEN and the Adler-32. Fails the test on any mismatch.
void decode_png(const std::string& png, DecodedPng& out) {
  ASSERT_GE(png.size(), 8u);
  ASSERT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  std::size_t at = 8;
  while (at < png.size()) {
    ASSERT_LE(at + 12, png.size()) << "truncated chunk at " << at;
    std::uint32_t length = be32(png, at);
    ASSERT_LE(at + 12 + length, png.size()) << "chunk longer than the file at " << at;
    Chunk c{png.substr(at + 4, 4), png.substr(at + 8, length)};
    EXPECT_EQ(be32(png, at + 8 + length), crc32_bitwise(png.substr(at + 4, 4 + length))) << "CRC of " << c.type;
    out.chunks.push_back(c);
    at += 12 + length;
  }
  ASSERT_GE(out.chunks.size(), 3u);
  ASSERT_EQ(out.chunks.front().type, "IHDR");
  ASSERT_EQ(out.chunks.front().data.size(), 13u);
  const std::string& ihdr = out.chunks.front().data;
  out.width = be32(ihdr, 0);
  out.height = be32(ihdr, 4);
  EXPECT_EQ(ihdr[8], 8) << "bit depth";
  EXPECT_EQ(ihdr[9], 2) << "colour type: RGB";
  EXPECT_EQ(ihdr[10], 0) << "compression";
  EXPECT_EQ(ihdr[11], 0) << "filter method";
  EXPECT_EQ(ihdr[12], 0) << "interlace";
  EXPECT_EQ(out.chunks.back().type, "IEND");
  EXPECT_THAT(out.chunks.back().data, IsEmpty());
  std::string zlib;
  for (std::size_t i = 1; i + 1 < out.chunks.size(); ++i) {
    EXPECT_EQ(out.chunks[i].type, "IDAT");
    zlib += out.chunks[i].data;
  }
  ASSERT_GE(zlib.size(), 2u + 5u + 4u);
  unsigned cmf = static_cast<unsigned char>(zlib[0]), flg = static_cast<unsigned char>(zlib[1]);
  EXPECT_EQ(cmf & 0x0f, 8u) << "deflate";
  EXPECT_LE(cmf >> 4, 7u) << "window";
  EXPECT_EQ((cmf * 256 + flg) % 31, 0u) << "FCHECK";
  EXPECT_EQ(flg & 0x20, 0u) << "no preset dictionary";
  std::size_t p = 2;
  for (bool last = false; !last;) {
    ASSERT_LE(p + 5, zlib.size());
    unsigned header = static_cast<unsigned char>(zlib[p]);
    last = header & 1;
    ASSERT_EQ((header >> 1) & 3, 0u) << "a stored block";
    unsigned len = static_cast<unsigned char>(zlib[p + 1]) | (static_cast<unsigned char>(zlib[p + 2]) << 8);
    unsigned nlen = static_cast<unsigned char>(zlib[p + 3]) | (static_cast<unsigned char>(zlib[p + 4]) << 8);
    ASSERT_EQ(len ^ 0xffffu, nlen);
    ASSERT_LE(p + 5 + len, zlib.size());
    out.pixels += zlib.substr(p + 5, len);
    p += 5 + len;
  }
  ASSERT_EQ(p + 4, zlib.size()) << "only the Adler-32 after the last block";
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : out.pixels) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  EXPECT_EQ(be32(zlib, p), (b << 16) | a) << "Adler-32";
}

TEST(MakePng, IsAValidRgbPng) {
  for (auto [w, h] : {std::pair{1, 1}, std::pair{640, 480}, std::pair{200, 200}, std::pair{3, 7}}) {
    SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h));
    DecodedPng png;
    decode_png(make_png(w, h, 1), png);
    if (HasFatalFailure()) return;
    EXPECT_EQ(png.width, static_cast<std::uint32_t>(w));
    EXPECT_EQ(png.height, static_cast<std::uint32_t>(h));
    ASSERT_EQ(png.pixels.size(), static_cast<std::size_t>(h) * (1 + 3 * static_cast<std::size_t>(w)));
    for (int y = 0; y < h; ++y)
      EXPECT_EQ(png.pixels[static_cast<std::size_t>(y) * (1 + 3 * w)], 0) << "filter of row " << y;
  }
}

TEST(MakePng, APictureNotABlankImage) {
  DecodedPng png;
  decode_png(make_png(64, 64, 9), png);
  ASSERT_FALSE(HasFatalFailure());
  std::set<std::string> colours;
  for (std::size_t row = 0; row < 64; ++row) {
    for (std::size_t x = 0; x < 64; ++x) colours.insert(png.pixels.substr(row * (1 + 3 * 64) + 1 + 3 * x, 3));
  }
  EXPECT_GT(colours.size(), 100u);
}

// The python3 that judges: the system one when there is one (a pyenv shim costs 0.2 s a call).
const std::string& python() {
  static const std::string kPython = [] {
    for (const char* path : {"/usr/bin/python3", "/usr/local/bin/python3"}) {
      if (::access(path, X_OK) == 0) return std::string(path);
    }
    return std::string("python3");
  }();
  return kPython;
}

TEST(MakePng, PythonZlibAgrees) {
  // An independent decoder: CPython's zlib inflates the IDAT and checks the CRCs.
  fs::path file = fs::temp_directory_path() / ("cldcert_png_test_" + std::to_string(::getpid()) + ".png");
  std::ofstream(file, std::ios::binary) << make_png(300, 250, 5);
  const char* script = R"PY(
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
at, idat, ihdr = 8, b"", None
while at < len(data):
    (n,) = struct.unpack(">I", data[at:at + 4])
    kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + n]
    (crc,) = struct.unpack(">I", data[at + 8 + n:at + 12 + n])
    assert zlib.crc32(kind + body) == crc, kind
    if kind == b"IHDR": ihdr = struct.unpack(">IIBBBBB", body)
    if kind == b"IDAT": idat += body
    at += 12 + n
w, h = ihdr[0], ihdr[1]
raw = zlib.decompress(idat)
assert len(raw) == h * (1 + 3 * w), len(raw)
print("ok", w, h, ihdr[2], ihdr[3])
)PY";
  std::string command = python() + " -c '" + std::string(script) + "' '" + file.string() + "' 2>&1";
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[1024];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  int status = ::pclose(pipe);
  fs::remove(file);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) GTEST_SKIP() << "needs python3";
  EXPECT_EQ(status, 0) << output;
  EXPECT_EQ(output, "ok 300 250 8 2\n");
}

TEST(MakePng, DeterministicPerSeed) {
  EXPECT_EQ(make_png(640, 480, 1), make_png(640, 480, 1));
  EXPECT_NE(make_png(640, 480, 1), make_png(640, 480, 2));
  EXPECT_NE(make_png(64, 64, 3), make_png(64, 64, 4));
  EXPECT_NE(make_png(640, 480, 1), make_png(480, 640, 1));
}

class MaterializeFixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cldcert_fixture_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  static FixtureSpec bytes(std::uint64_t size, std::uint64_t seed) {
    FixtureSpec f;
    f.name = "blob";
    f.kind = "bytes";
    f.size = size;
    f.seed = seed;
    return f;
  }
  static FixtureSpec png(int width, int height, std::uint64_t seed) {
    FixtureSpec f;
    f.name = "photo";
    f.kind = "png";
    f.width = width;
    f.height = height;
    f.seed = seed;
    return f;
  }
  std::vector<std::string> files_in(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
  fs::path dir_;
};

TEST_F(MaterializeFixtureTest, PngFixtureIsMakePngInTheCache) {
  fs::path path = materialize_fixture(png(32, 16, 3), dir_ / "cache");  // creates the folder
  EXPECT_EQ(path.parent_path(), dir_ / "cache");
  EXPECT_EQ(path.extension(), ".png");
  EXPECT_EQ(read_file(path), make_png(32, 16, 3));
}

TEST_F(MaterializeFixtureTest, BytesFixturesHaveTheExactSize) {
  // Around the generator's 1 MiB blocks and 8-byte words.
  for (std::uint64_t size :
       {0ull, 1ull, 7ull, 9ull, 1000ull, (1ull << 20) - 1, 1ull << 20, (1ull << 20) + 3, (3ull << 20) + 5}) {
    fs::path path = materialize_fixture(bytes(size, 1), dir_);
    EXPECT_EQ(fs::file_size(path), size) << size;
  }
  // Distinct sizes are distinct files, and no half-written file is left behind.
  auto files = files_in(dir_);
  EXPECT_EQ(files.size(), 9u);
  for (const auto& f : files) EXPECT_THAT(f, ::testing::Not(HasSubstr("partial"))) << f;
}

TEST_F(MaterializeFixtureTest, BytesAreDeterministicPerSeed) {
  std::string a = read_file(materialize_fixture(bytes((1 << 20) + 100, 7), dir_ / "one"));
  std::string b = read_file(materialize_fixture(bytes((1 << 20) + 100, 7), dir_ / "two"));
  std::string c = read_file(materialize_fixture(bytes((1 << 20) + 100, 8), dir_ / "one"));
  ASSERT_EQ(a.size(), (1u << 20) + 100);
  EXPECT_TRUE(a == b) << "the same seed gave different bytes";
  EXPECT_FALSE(a == c) << "another seed gave the same bytes";
  // Seeded noise, not a constant fill: every byte value shows up in a MiB.
  std::set<char> values(a.begin(), a.end());
  EXPECT_EQ(values.size(), 256u);
  // Different seeds differ throughout, not only at the start.
  EXPECT_NE(a.substr(a.size() - 64), c.substr(c.size() - 64));
}

TEST_F(MaterializeFixtureTest, TheCacheIsReusedNotRewritten) {
  for (const FixtureSpec& spec : {bytes(4096, 1), png(20, 10, 1)}) {
    SCOPED_TRACE(spec.kind);
    fs::path first = materialize_fixture(spec, dir_);
    struct stat before {};
    ASSERT_EQ(::stat(first.c_str(), &before), 0);
    // Back-date it, so a rewrite would show even on a coarse clock.
    auto old = fs::last_write_time(first) - std::chrono::hours(1);
    fs::last_write_time(first, old);
    fs::path second = materialize_fixture(spec, dir_);
    EXPECT_EQ(second, first);
    struct stat after {};
    ASSERT_EQ(::stat(second.c_str(), &after), 0);
    EXPECT_EQ(after.st_ino, before.st_ino);
    EXPECT_EQ(fs::last_write_time(second), old);
  }
}

TEST_F(MaterializeFixtureTest, DifferentSpecsDifferentFiles) {
  fs::path a = materialize_fixture(bytes(1000, 1), dir_);
  fs::path b = materialize_fixture(bytes(1000, 2), dir_);
  fs::path c = materialize_fixture(bytes(1001, 1), dir_);
  fs::path d = materialize_fixture(png(10, 20, 1), dir_);
  fs::path e = materialize_fixture(png(20, 10, 1), dir_);
  std::set<fs::path> all{a, b, c, d, e};
  EXPECT_EQ(all.size(), 5u);
  EXPECT_EQ(read_file(d), make_png(10, 20, 1));
  EXPECT_EQ(read_file(e), make_png(20, 10, 1));
}

TEST_F(MaterializeFixtureTest, ScenariosRunningAtOnceShareTheCache) {
  // `cldcert run --jobs N` runs scenarios on threads of one process, all with the same cache
  // folder: two of them may need the same fixture at the same moment.
  constexpr int kThreads = 4;
  for (std::uint64_t round = 1; round <= 4; ++round) {
    FixtureSpec spec = bytes((2ull << 20) + round, round);
    std::latch start(kThreads);
    std::vector<std::string> errors(kThreads);
    std::vector<fs::path> paths(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        try {
          paths[t] = materialize_fixture(spec, dir_);
        } catch (const std::exception& e) { errors[t] = e.what(); }
      });
    }
    for (auto& t : threads) t.join();
    for (int t = 0; t < kThreads; ++t) {
      EXPECT_EQ(errors[t], "") << "round " << round << ", thread " << t;
      EXPECT_EQ(paths[t], paths[0]);
    }
    // What they share is what one of them alone would have written.
    std::string shared = read_file(paths[0]);
    std::string alone = read_file(materialize_fixture(spec, dir_ / ("alone" + std::to_string(round))));
    EXPECT_EQ(shared.size(), spec.size);
    EXPECT_TRUE(shared == alone) << "round " << round << ": the shared fixture's bytes differ";
  }
  for (const auto& f : files_in(dir_)) EXPECT_THAT(f, ::testing::Not(HasSubstr("partial"))) << f;
}

}  // namespace
}  // namespace cldcert

namespace cldcert {
namespace {

// A live run's probes of a delivery are compared with these: the head and tail digests are of exactly the
// first and last kDeliveryProbeBytes, across the 1 MiB read blocks, and a sidecar without them is redone.
TEST_F(MaterializeFixtureTest, FactsHoldTheDigestsOfTheHeadAndTheTail) {
  const std::uint64_t size = 2 * kDeliveryProbeBytes + 12345;
  fs::path path = materialize_fixture(bytes(size, 8), dir_);
  fs::path sidecar = path;
  sidecar += ".sha256";
  fs::remove(sidecar);
  const std::string all = read_file(path);
  for (int pass = 0; pass < 2; ++pass) {  // computed, then read back from the sidecar
    FixtureFacts facts = fixture_facts("blob", path);
    EXPECT_EQ(facts.sha256, mock::sha256_hex(all)) << pass;
    EXPECT_EQ(facts.head_sha256, mock::sha256_hex(all.substr(0, kDeliveryProbeBytes))) << pass;
    EXPECT_EQ(facts.tail_sha256, mock::sha256_hex(all.substr(size - kDeliveryProbeBytes))) << pass;
  }
  {
    std::ofstream old(sidecar, std::ios::trunc);  // a sidecar written before the head and tail were kept
    old << size << " " << fs::last_write_time(path).time_since_epoch().count() << "\n" << mock::sha256_hex(all) << "\n";
  }
  EXPECT_EQ(fixture_facts("blob", path).tail_sha256, mock::sha256_hex(all.substr(size - kDeliveryProbeBytes)));

  fs::path small = materialize_fixture(bytes(100, 9), dir_);
  FixtureFacts tiny = fixture_facts("small", small);
  EXPECT_EQ(tiny.head_sha256, tiny.sha256);
  EXPECT_EQ(tiny.tail_sha256, tiny.sha256);
}

}  // namespace
}  // namespace cldcert
