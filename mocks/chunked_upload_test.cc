#include "mocks/chunked_upload.h"

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <thread>
#include <unistd.h>
#include <vector>

#include "mocks/digest.h"
#include "mocks/file_writer.h"
#include "mocks/mock_test_support.h"

namespace cldcert::mock {
namespace {

constexpr std::uint64_t kMin = kMinChunkBytes;

// Deterministic, non-repeating-looking bytes (so a misplaced chunk changes the hash).
std::string make_bytes(std::size_t n, std::uint64_t seed = 7) {
  std::string out(n, '\0');
  std::uint64_t x = seed * 0x9e3779b97f4a7c15ULL + 1;
  for (std::size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    out[i] = static_cast<char>(x >> 24);
  }
  return out;
}

using testing_support::read_file;

ContentRange range_of(std::string_view header) {
  std::string error;
  auto range = parse_content_range(header, &error);
  EXPECT_TRUE(range.has_value()) << error;
  return range.value_or(ContentRange{});
}

std::string header(std::uint64_t start, std::uint64_t end, std::string_view total) {
  std::string h = "bytes " + std::to_string(start) + "-" + std::to_string(end);
  if (!total.empty()) h += "/" + std::string(total);
  return h;
}

class ChunkedUploadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) /
           (std::string("cldcert-chunks-") + info->name() + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Sends bytes [start, start+payload.size()) as one chunk, fed in `slice`-byte pieces.
  ChunkedUploads::Outcome send(ChunkedUploads& uploads, std::string_view upload_id, std::string_view content_range,
                               std::string_view payload, bool accepted = true, std::size_t slice = 256 * 1024,
                               const std::string& public_id = "assigned_id") {
    auto chunk = uploads.begin_chunk("demo-cloud", std::string(upload_id), range_of(content_range));
    for (std::size_t at = 0; at < payload.size(); at += slice) {
      std::string_view piece = payload.substr(at, slice);
      chunk->write(piece.data(), piece.size());
    }
    return uploads.finish_chunk(std::move(chunk), accepted, public_id);
  }

  std::filesystem::path dir_;
};

// ---------------------------------------------------------------------------- parse_content_range

TEST(ParseContentRange, FinalChunkWithTotal) {
  std::string error;
  auto r = parse_content_range("bytes 0-9/10", &error);
  ASSERT_TRUE(r) << error;
  EXPECT_EQ(r->start, 0u);
  EXPECT_EQ(r->end, 9u);
  EXPECT_EQ(r->total, 10);
  EXPECT_TRUE(r->total_given);
  EXPECT_EQ(r->length(), 10u);
}

TEST(ParseContentRange, NodeStyleUnknownTotal) {
  auto r = parse_content_range("bytes 5000000-9999999/-1", nullptr);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->start, 5'000'000u);
  EXPECT_EQ(r->end, 9'999'999u);
  EXPECT_EQ(r->total, -1);
  EXPECT_TRUE(r->total_given);
  EXPECT_EQ(r->length(), 5'000'000u);
}

TEST(ParseContentRange, StarTotalMeansUnknown) {
  auto r = parse_content_range("bytes 0-9/*", nullptr);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->total, -1);
  EXPECT_TRUE(r->total_given);
}

TEST(ParseContentRange, NoTotalAtAll) {
  auto r = parse_content_range("bytes 20-29", nullptr);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->start, 20u);
  EXPECT_EQ(r->end, 29u);
  EXPECT_EQ(r->total, -1);
  EXPECT_FALSE(r->total_given);
}

TEST(ParseContentRange, ToleratesSurroundingWhitespaceAndLargeValues) {
  auto r = parse_content_range("  bytes 1073741824-1073741825/1073741826 ", nullptr);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->start, 1073741824u);
  EXPECT_EQ(r->total, 1073741826);
}

// Found by tests/fuzz/content_range_fuzz.cc: the first wrapped length() to 0, the second made the
// total negative (static_cast of a value past INT64_MAX).
TEST(ParseContentRange, RefusesOffsetsPastTheLargestFilePosition) {
  std::string error;
  EXPECT_FALSE(parse_content_range("bytes 0-18446744073709551615", &error));
  EXPECT_NE(error.find("end is past the largest file offset"), std::string::npos) << error;
  EXPECT_FALSE(parse_content_range("bytes 0-9/9223372036854775808", &error));
  EXPECT_NE(error.find("total is past the largest file size"), std::string::npos) << error;
  EXPECT_FALSE(parse_content_range("bytes 0-9/18446744073709551615", &error));
  auto largest = parse_content_range("bytes 0-9223372036854775806/9223372036854775807", &error);
  ASSERT_TRUE(largest) << error;
  EXPECT_EQ(largest->total, 9223372036854775807);
}

TEST(ParseContentRange, RefusesMalformedHeaders) {
  struct Case {
    const char* header;
    const char* why;
  };
  const Case cases[] = {
      {"bytes 10-9/20", "end is before start"},
      {"bytes 0-9/9", "total is not past the end of the range"},
      {"bytes 0-9/5", "total is not past the end of the range"},
      {"bytes a-9/10", "start and end must be whole numbers"},
      {"bytes 0-/10", "start and end must be whole numbers"},
      {"bytes -5/10", "start and end must be whole numbers"},
      {"bytes 0-9/ten", "total must be a whole number, -1 or *"},
      {"bytes 0-9/-2", "total must be a whole number, -1 or *"},
      {"bytes 0-9/", "total must be a whole number, -1 or *"},
      {"bytes 09", "expected 'bytes START-END/TOTAL'"},
      {"0-9/10", "expected 'bytes START-END/TOTAL'"},
      {"items 0-9/10", "expected 'bytes START-END/TOTAL'"},
      {"", "expected 'bytes START-END/TOTAL'"},
      {"garbage", "expected 'bytes START-END/TOTAL'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.header);
    std::string error;
    EXPECT_FALSE(parse_content_range(c.header, &error));
    EXPECT_EQ(error, "Invalid Content-Range header '" + std::string(c.header) + "': " + c.why);
  }
  EXPECT_FALSE(parse_content_range("bytes 9-0/10", nullptr));  // a null error pointer is fine
}

// ---------------------------------------------------------------------------- ChunkedUploads

TEST_F(ChunkedUploadsTest, AnAbandonedSessionExpiresAndItsFileIsDeleted) {
  std::int64_t now = 1000;
  ChunkedUploads uploads(
      dir_, [&now] { return now; }, 60);
  const std::string data = make_bytes(kMin);
  ASSERT_EQ(send(uploads, "abandoned", header(0, kMin - 1, "-1"), data).error, "");
  ASSERT_EQ(std::distance(std::filesystem::directory_iterator(dir_), std::filesystem::directory_iterator()), 1);
  now += 60;  // idle exactly the limit: still open
  ASSERT_EQ(send(uploads, "other", "bytes 0-9/10", make_bytes(10)).error, "");
  EXPECT_EQ(uploads.session_public_id("demo-cloud", "abandoned"), "assigned_id");
  now += 1;
  ASSERT_EQ(send(uploads, "other2", "bytes 0-9/10", make_bytes(10)).error, "");
  EXPECT_EQ(uploads.session_public_id("demo-cloud", "abandoned"), "");
  // Only the two completed files (now the caller's) are left.
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    EXPECT_LT(std::filesystem::file_size(entry.path()), kMin) << entry.path();
  }
}

TEST_F(ChunkedUploadsTest, ASessionWithAChunkInFlightDoesNotExpire) {
  std::int64_t now = 1000;
  ChunkedUploads uploads(
      dir_, [&now] { return now; }, 60);
  auto open = uploads.begin_chunk("demo-cloud", "slow", range_of("bytes 0-9/10"));
  now += 3600;
  ASSERT_EQ(send(uploads, "other", "bytes 0-9/10", make_bytes(10)).error, "");
  const std::string data = make_bytes(10);
  open->write(data.data(), data.size());
  auto outcome = uploads.finish_chunk(std::move(open), true, "slow_id");
  EXPECT_EQ(outcome.error, "");
  EXPECT_TRUE(outcome.complete);
}

TEST_F(ChunkedUploadsTest, SingleChunkWithTotalCompletesAtOnce) {
  ChunkedUploads uploads(dir_);
  const std::string data = make_bytes(10);
  auto outcome = send(uploads, "u1", "bytes 0-9/10", data);
  EXPECT_EQ(outcome.error, "");
  ASSERT_TRUE(outcome.complete);
  EXPECT_EQ(outcome.size, 10u);
  EXPECT_EQ(outcome.received, 10u);
  EXPECT_EQ(outcome.sha256, sha256_hex(data));
  EXPECT_EQ(outcome.public_id, "assigned_id");
  EXPECT_EQ(read_file(outcome.file), data);
  // The session is closed: the id is free again.
  EXPECT_EQ(uploads.session_public_id("demo-cloud", "u1"), "");
}

TEST_F(ChunkedUploadsTest, InOrderNodeStyleChunksAssembleTheFile) {
  ChunkedUploads uploads(dir_);
  const std::string data = make_bytes(2 * kMin + 1234);
  auto first = send(uploads, "node", header(0, kMin - 1, "-1"), std::string_view(data).substr(0, kMin));
  EXPECT_EQ(first.error, "");
  EXPECT_FALSE(first.complete);
  EXPECT_EQ(first.received, kMin);
  EXPECT_EQ(first.public_id, "assigned_id");
  EXPECT_EQ(uploads.session_public_id("demo-cloud", "node"), "assigned_id");

  // Later chunks offer other ids; the session keeps the first one.
  auto second = send(uploads, "node", header(kMin, 2 * kMin - 1, "-1"), std::string_view(data).substr(kMin, kMin), true,
                     256 * 1024, "other_id");
  EXPECT_EQ(second.error, "");
  EXPECT_FALSE(second.complete);
  EXPECT_EQ(second.received, 2 * kMin);
  EXPECT_EQ(second.public_id, "assigned_id");

  auto last = send(uploads, "node", header(2 * kMin, data.size() - 1, std::to_string(data.size())),
                   std::string_view(data).substr(2 * kMin), true, 256 * 1024, "third_id");
  EXPECT_EQ(last.error, "");
  ASSERT_TRUE(last.complete);
  EXPECT_EQ(last.public_id, "assigned_id");
  EXPECT_EQ(last.size, data.size());
  EXPECT_EQ(last.received, data.size());
  EXPECT_EQ(last.sha256, sha256_hex(data));
  EXPECT_EQ(std::filesystem::file_size(last.file), data.size());
  EXPECT_EQ(sha256_of_file(last.file), sha256_hex(data));
}

TEST_F(ChunkedUploadsTest, OutOfOrderChunksWithTotalOnEveryChunk) {
  ChunkedUploads uploads(dir_);
  const std::string data = make_bytes(2 * kMin + 777, 11);
  const std::string total = std::to_string(data.size());
  std::string_view view(data);
  // Python/WordPress style (total on every chunk), sent last-first-middle.
  auto last = send(uploads, "py", header(2 * kMin, data.size() - 1, total), view.substr(2 * kMin));
  EXPECT_EQ(last.error, "");
  EXPECT_FALSE(last.complete);
  EXPECT_EQ(last.received, 777u);
  auto first = send(uploads, "py", header(0, kMin - 1, total), view.substr(0, kMin));
  EXPECT_EQ(first.error, "");
  EXPECT_FALSE(first.complete);
  EXPECT_EQ(first.received, kMin + 777);
  auto middle = send(uploads, "py", header(kMin, 2 * kMin - 1, total), view.substr(kMin, kMin), true, 4096);
  EXPECT_EQ(middle.error, "");
  ASSERT_TRUE(middle.complete);
  EXPECT_EQ(middle.size, data.size());
  EXPECT_EQ(middle.sha256, sha256_hex(data));
  EXPECT_EQ(sha256_of_file(middle.file), sha256_hex(data));
}

TEST_F(ChunkedUploadsTest, ReverseOrderChunksAreHashedFromDisk) {
  ChunkedUploads uploads(dir_);
  const std::string data = make_bytes(3 * kMin, 12);
  const std::string total = std::to_string(data.size());
  std::string_view view(data);
  int completions = 0;
  std::string sha;
  for (int i = 2; i >= 0; --i) {
    auto o = send(uploads, "rev", header(i * kMin, (i + 1) * kMin - 1, total), view.substr(i * kMin, kMin));
    EXPECT_EQ(o.error, "");
    if (o.complete) {
      ++completions;
      sha = o.sha256;
      EXPECT_EQ(i, 0);
    }
  }
  EXPECT_EQ(completions, 1);
  EXPECT_EQ(sha, sha256_hex(data));
}

TEST_F(ChunkedUploadsTest, ParallelChunksFromSeveralThreadsCompleteExactlyOnce) {
  ChunkedUploads uploads(dir_);
  constexpr int kChunks = 5;
  const std::string data = make_bytes(kChunks * kMin + 4321, 99);
  const std::string total = std::to_string(data.size());
  std::string_view view(data);

  std::atomic<int> completions{0};
  std::vector<ChunkedUploads::Outcome> outcomes(kChunks + 1);
  std::barrier start(kChunks + 1);
  std::vector<std::thread> threads;
  for (int i = 0; i <= kChunks; ++i) {
    threads.emplace_back([&, i] {
      std::uint64_t from = static_cast<std::uint64_t>(i) * kMin;
      std::uint64_t to = i == kChunks ? data.size() : from + kMin;
      std::string range = header(from, to - 1, i == kChunks ? total : "-1");
      start.arrive_and_wait();
      // Small slices so the writes interleave.
      outcomes[i] = send(uploads, "par", range, view.substr(from, to - from), true, 64 * 1024);
      if (outcomes[i].complete) ++completions;
    });
  }
  for (auto& t : threads) t.join();

  EXPECT_EQ(completions.load(), 1);
  for (const auto& o : outcomes) {
    EXPECT_EQ(o.error, "");
    if (!o.complete) continue;
    EXPECT_EQ(o.size, data.size());
    EXPECT_EQ(o.sha256, sha256_hex(data));
    EXPECT_EQ(sha256_of_file(o.file), sha256_hex(data));
  }
}

TEST_F(ChunkedUploadsTest, SessionsAreKeyedByCloudAndUploadId) {
  ChunkedUploads uploads(dir_);
  const std::string a = make_bytes(kMin + 10, 1);
  const std::string b = make_bytes(kMin + 10, 2);
  const std::string total = std::to_string(a.size());
  auto send_to = [&](const std::string& cloud, const std::string& id, std::string_view range, std::string_view bytes) {
    auto chunk = uploads.begin_chunk(cloud, id, range_of(range));
    chunk->write(bytes.data(), bytes.size());
    return uploads.finish_chunk(std::move(chunk), true, cloud + "-" + id);
  };
  EXPECT_FALSE(send_to("c1", "same", header(0, kMin - 1, total), std::string_view(a).substr(0, kMin)).complete);
  EXPECT_FALSE(send_to("c2", "same", header(0, kMin - 1, total), std::string_view(b).substr(0, kMin)).complete);
  EXPECT_EQ(uploads.session_public_id("c1", "same"), "c1-same");
  EXPECT_EQ(uploads.session_public_id("c2", "same"), "c2-same");
  EXPECT_EQ(uploads.session_public_id("c3", "same"), "");

  auto done_b = send_to("c2", "same", header(kMin, kMin + 9, total), std::string_view(b).substr(kMin));
  ASSERT_TRUE(done_b.complete);
  EXPECT_EQ(done_b.sha256, sha256_hex(b));
  auto done_a = send_to("c1", "same", header(kMin, kMin + 9, total), std::string_view(a).substr(kMin));
  ASSERT_TRUE(done_a.complete);
  EXPECT_EQ(done_a.sha256, sha256_hex(a));
  EXPECT_NE(done_a.file, done_b.file);
}

TEST_F(ChunkedUploadsTest, SetSessionPublicIdOnlyFillsAnEmptyOne) {
  ChunkedUploads uploads(dir_);
  const std::string data = make_bytes(kMin + 5);
  auto chunk = uploads.begin_chunk("demo-cloud", "pid", range_of(header(0, kMin - 1, "-1")));
  uploads.set_session_public_id("demo-cloud", "pid", "from_params");
  EXPECT_EQ(uploads.session_public_id("demo-cloud", "pid"), "from_params");
  uploads.set_session_public_id("demo-cloud", "pid", "ignored");
  EXPECT_EQ(uploads.session_public_id("demo-cloud", "pid"), "from_params");
  chunk->write(data.data(), kMin);
  auto o = uploads.finish_chunk(std::move(chunk), true, "assigned");
  EXPECT_EQ(o.public_id, "from_params");
  // Unknown sessions are left alone.
  uploads.set_session_public_id("demo-cloud", "nope", "x");
  EXPECT_EQ(uploads.session_public_id("demo-cloud", "nope"), "");
}

TEST_F(ChunkedUploadsTest, RejectedLastChunkDoesNotCountAndAResendCompletes) {
  ChunkedUploads uploads(dir_);
  const std::string data = make_bytes(kMin + 500, 3);
  const std::string total = std::to_string(data.size());
  std::string_view view(data);
  ASSERT_FALSE(send(uploads, "rj", header(0, kMin - 1, "-1"), view.substr(0, kMin)).complete);

  // The final chunk fails authentication: its bytes (here garbage) must not complete the upload.
  const std::string garbage = make_bytes(500, 4);
  auto rejected = send(uploads, "rj", header(kMin, kMin + 499, total), garbage, /*accepted=*/false);
  EXPECT_FALSE(rejected.complete);
  EXPECT_EQ(rejected.received, kMin);

  auto resent = send(uploads, "rj", header(kMin, kMin + 499, total), view.substr(kMin));
  EXPECT_EQ(resent.error, "");
  ASSERT_TRUE(resent.complete);
  EXPECT_EQ(resent.size, data.size());
  EXPECT_EQ(resent.sha256, sha256_hex(data));
  EXPECT_EQ(read_file(resent.file), data);
}

TEST_F(ChunkedUploadsTest, RejectedFirstChunkIsNotHashedIntoTheResult) {
  ChunkedUploads uploads(dir_);
  const std::string data = make_bytes(kMin + 64, 5);
  const std::string total = std::to_string(data.size());
  std::string_view view(data);
  // A rejected first chunk streams through the running hash; a resend must not be hashed twice.
  auto rejected = send(uploads, "rf", header(0, kMin - 1, total), make_bytes(kMin, 6), false);
  EXPECT_FALSE(rejected.complete);
  EXPECT_EQ(rejected.received, 0u);
  // No public id is taken from a chunk that did not count.
  EXPECT_EQ(rejected.public_id, "");
  EXPECT_FALSE(send(uploads, "rf", header(0, kMin - 1, total), view.substr(0, kMin)).complete);
  auto last = send(uploads, "rf", header(kMin, data.size() - 1, total), view.substr(kMin));
  ASSERT_TRUE(last.complete);
  EXPECT_EQ(last.sha256, sha256_hex(data));
}

TEST_F(ChunkedUploadsTest, AbandonedDuplicateOfAChunkDoesNotStallTheUpload) {
  // A client times out on chunk 0 and resends it while the first attempt is still open; the
  // first attempt is later dropped (accepted=false). The upload must still complete once.
  ChunkedUploads uploads(dir_);
  const std::string data = make_bytes(kMin + 300, 8);
  const std::string total = std::to_string(data.size());
  std::string_view view(data);

  auto stalled = uploads.begin_chunk("demo-cloud", "dup", range_of(header(0, kMin - 1, total)));
  stalled->write(data.data(), 1000);

  auto retry = send(uploads, "dup", header(0, kMin - 1, total), view.substr(0, kMin));
  EXPECT_EQ(retry.error, "");
  EXPECT_FALSE(retry.complete);
  auto last = send(uploads, "dup", header(kMin, data.size() - 1, total), view.substr(kMin));
  EXPECT_EQ(last.error, "");
  EXPECT_TRUE(last.complete) << "the last chunk of a fully received upload must complete it";

  auto dropped = uploads.finish_chunk(std::move(stalled), false, "");
  EXPECT_FALSE(dropped.complete);
  ASSERT_TRUE(last.complete);
  EXPECT_EQ(last.size, data.size());
  EXPECT_EQ(last.sha256, sha256_hex(data));
}

TEST_F(ChunkedUploadsTest, ChunkSizeMismatchIsRefusedAndNothingCounts) {
  ChunkedUploads uploads(dir_);
  const std::string data = make_bytes(20, 9);
  auto shorter = send(uploads, "sz", "bytes 0-19/20", std::string_view(data).substr(0, 19));
  EXPECT_EQ(shorter.error, "Chunk size mismatch: Content-Range 0-19 announces 20 bytes, the file part had 19");
  EXPECT_FALSE(shorter.complete);
  EXPECT_EQ(shorter.received, 0u);

  // Extra bytes are counted for the message but never written past the range.
  auto longer = send(uploads, "sz", "bytes 0-19/20", data + "EXTRA");
  EXPECT_EQ(longer.error, "Chunk size mismatch: Content-Range 0-19 announces 20 bytes, the file part had 25");
  EXPECT_FALSE(longer.complete);

  auto right = send(uploads, "sz", "bytes 0-19/20", data);
  EXPECT_EQ(right.error, "");
  ASSERT_TRUE(right.complete);
  EXPECT_EQ(right.sha256, sha256_hex(data));
  EXPECT_EQ(read_file(right.file), data);
}

TEST_F(ChunkedUploadsTest, NonFinalChunkUnderFiveMegabytesIsRefused) {
  ChunkedUploads uploads(dir_);
  const std::string small = make_bytes(1000);
  const char* kMessage = "All parts except EOF-chunk must be larger than 5mb";

  auto node = send(uploads, "small-node", "bytes 0-999/-1", small);
  EXPECT_EQ(node.error, kMessage);
  EXPECT_FALSE(node.complete);
  EXPECT_EQ(node.received, 0u);

  auto with_total = send(uploads, "small-total", "bytes 0-999/5000", small);
  EXPECT_EQ(with_total.error, kMessage);

  auto star = send(uploads, "small-star", "bytes 0-999/*", small);
  EXPECT_EQ(star.error, kMessage);

  // One byte short of the minimum is refused; the minimum itself is fine.
  const std::string almost = make_bytes(kMin);
  auto under = send(uploads, "edge", header(0, kMin - 2, "-1"), std::string_view(almost).substr(0, kMin - 1));
  EXPECT_EQ(under.error, kMessage);
  auto exact = send(uploads, "edge", header(0, kMin - 1, "-1"), almost);
  EXPECT_EQ(exact.error, "");
  EXPECT_FALSE(exact.complete);
  EXPECT_EQ(exact.received, kMin);
}

TEST_F(ChunkedUploadsTest, TotalChangingBetweenChunksIsRefused) {
  ChunkedUploads uploads(dir_);
  const std::string data = make_bytes(kMin + 100, 13);
  std::string_view view(data);
  const std::string total = std::to_string(data.size());
  ASSERT_EQ(send(uploads, "tot", header(0, kMin - 1, total), view.substr(0, kMin)).error, "");

  // The client changes its mind about the total (and sends more bytes than the file has).
  const std::string wrong = make_bytes(200, 14);
  auto changed = send(uploads, "tot", header(kMin, kMin + 199, std::to_string(kMin + 200)), wrong);
  EXPECT_EQ(changed.error, "Content-Range total " + std::to_string(kMin + 200) + " differs from the " + total +
                               " an earlier chunk of this upload gave");
  EXPECT_FALSE(changed.complete);
  EXPECT_EQ(changed.received, kMin);

  // The right last chunk still completes the file, with exactly its bytes.
  auto last = send(uploads, "tot", header(kMin, kMin + 99, total), view.substr(kMin));
  EXPECT_EQ(last.error, "");
  ASSERT_TRUE(last.complete);
  EXPECT_EQ(last.size, data.size());
  EXPECT_EQ(std::filesystem::file_size(last.file), data.size());
  EXPECT_EQ(last.sha256, sha256_hex(data));
}

TEST_F(ChunkedUploadsTest, NoTotalShortLastChunkCompletes) {
  ChunkedUploads uploads(dir_);
  const std::string data = make_bytes(kMin + 500, 15);
  std::string_view view(data);
  // PHP with a stream of unknown size: no "/total" on any chunk.
  auto first = send(uploads, "php", header(0, kMin - 1, ""), view.substr(0, kMin));
  EXPECT_EQ(first.error, "");
  EXPECT_FALSE(first.complete);
  auto last = send(uploads, "php", header(kMin, kMin + 499, ""), view.substr(kMin));
  EXPECT_EQ(last.error, "");
  ASSERT_TRUE(last.complete);
  EXPECT_EQ(last.size, data.size());
  EXPECT_EQ(last.sha256, sha256_hex(data));

  // A small file in one short chunk without a total is complete at once.
  const std::string tiny = make_bytes(100, 16);
  auto single = send(uploads, "php-small", "bytes 0-99", tiny);
  EXPECT_EQ(single.error, "");
  ASSERT_TRUE(single.complete);
  EXPECT_EQ(single.size, 100u);
  EXPECT_EQ(single.sha256, sha256_hex(tiny));
}

}  // namespace
}  // namespace cldcert::mock
