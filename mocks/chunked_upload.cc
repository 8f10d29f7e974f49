#include "mocks/chunked_upload.h"

#include <charconv>
#include <limits>

#include "mocks/text.h"

namespace cldcert::mock {
namespace {

bool parse_u64(std::string_view text, std::uint64_t& out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

std::optional<ContentRange> parse_content_range(std::string_view header, std::string* error) {
  auto fail = [&](const std::string& why) -> std::optional<ContentRange> {
    if (error) *error = "Invalid Content-Range header '" + std::string(header) + "': " + why;
    return std::nullopt;
  };
  std::string_view s = text::trim(header, text::kSpaceAndTab);
  if (s.substr(0, 6) != "bytes ") return fail("expected 'bytes START-END/TOTAL'");
  s = text::trim(s.substr(6), text::kSpaceAndTab);
  ContentRange range;
  std::size_t dash = s.find('-');
  if (dash == std::string_view::npos) return fail("expected 'bytes START-END/TOTAL'");
  std::size_t slash = s.find('/');
  std::string_view end_text =
      s.substr(dash + 1, slash == std::string_view::npos ? std::string_view::npos : slash - dash - 1);
  if (!parse_u64(s.substr(0, dash), range.start) || !parse_u64(end_text, range.end)) {
    return fail("start and end must be whole numbers");
  }
  if (range.end < range.start) return fail("end is before start");
  // Offsets past 2^63 - 1 cannot be a file position (off_t), would wrap length() at 2^64 - 1, and
  // the total is kept signed: refuse them rather than let "/9223372036854775808" read as negative.
  constexpr std::uint64_t kMaxPosition = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (range.end >= kMaxPosition) return fail("end is past the largest file offset");
  if (slash == std::string_view::npos) {
    range.total_given = false;
  } else {
    std::string_view total = s.substr(slash + 1);
    std::uint64_t value = 0;
    if (total == "-1" || total == "*") {
      range.total = -1;
    } else if (parse_u64(total, value)) {
      if (value <= range.end) return fail("total is not past the end of the range");
      if (value > kMaxPosition) return fail("total is past the largest file size");
      range.total = static_cast<std::int64_t>(value);
    } else {
      return fail("total must be a whole number, -1 or *");
    }
  }
  return range;
}

ChunkedUploads::ChunkedUploads(std::filesystem::path dir, std::function<std::int64_t()> clock,
                               std::int64_t idle_seconds)
    : dir_(std::move(dir)), clock_(std::move(clock)), idle_seconds_(idle_seconds) {
  std::filesystem::create_directories(dir_);
}

std::string ChunkedUploads::key(const std::string& cloud, const std::string& upload_id) {
  return cloud + '\n' + upload_id;
}

ChunkedUploads::ChunkWrite::ChunkWrite(std::string key, ContentRange range, std::filesystem::path file,
                                       std::shared_ptr<void> session, StreamingDigest* digest)
    : key_(std::move(key)),
      range_(range),
      writer_(file, range.start, false, false),
      session_(std::move(session)),
      streaming_digest_(digest) {}

void ChunkedUploads::ChunkWrite::write(const char* data, std::size_t size) {
  // Bytes past the declared range are not written (they would clobber the next chunk);
  // the size mismatch is reported when the chunk ends.
  std::uint64_t room = range_.length() > writer_.bytes_written() ? range_.length() - writer_.bytes_written() : 0;
  std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(room, size));
  if (n > 0) {
    if (streaming_digest_) streaming_digest_->update(data, n);
    writer_.write(data, n);
  }
  if (n < size) overflow_ += size - n;
}

std::unique_ptr<ChunkedUploads::ChunkWrite> ChunkedUploads::begin_chunk(const std::string& cloud,
                                                                        const std::string& upload_id,
                                                                        const ContentRange& range) {
  std::lock_guard lock(mutex_);
  expire_idle_sessions();
  auto k = key(cloud, upload_id);
  auto& session = sessions_[k];
  if (!session) {
    session = std::make_shared<Session>();
    session->file = dir_ / ("upload-" + std::to_string(next_file_++));
    FileWriter(session->file, 0, true, false).close();
  }
  if (clock_) session->last_activity = clock_();
  StreamingDigest* digest = nullptr;
  // In-order chunks (what every SDK sends) are hashed as they stream: one pass over the bytes.
  if (!session->hashing_in_flight && session->digest_valid && range.start == session->hashed_upto) {
    session->hashing_in_flight = true;
    digest = &session->digest;
  }
  return std::unique_ptr<ChunkWrite>(new ChunkWrite(k, range, session->file, session, digest));
}

void ChunkedUploads::add_range(std::map<std::uint64_t, std::uint64_t>& ranges, std::uint64_t start, std::uint64_t end) {
  auto it = ranges.upper_bound(start);
  if (it != ranges.begin()) {
    auto prev = std::prev(it);
    if (prev->second >= start) {
      start = prev->first;
      end = std::max(end, prev->second);
      it = ranges.erase(prev);
    }
  }
  while (it != ranges.end() && it->first <= end) {
    end = std::max(end, it->second);
    it = ranges.erase(it);
  }
  ranges[start] = end;
}

std::uint64_t ChunkedUploads::covered_prefix(const std::map<std::uint64_t, std::uint64_t>& ranges) {
  auto it = ranges.find(0);
  return it == ranges.end() ? 0 : it->second;
}

std::uint64_t ChunkedUploads::covered_bytes(const std::map<std::uint64_t, std::uint64_t>& ranges) {
  std::uint64_t sum = 0;
  for (const auto& [s, e] : ranges) sum += e - s;
  return sum;
}

ChunkedUploads::Outcome ChunkedUploads::finish_chunk(std::unique_ptr<ChunkWrite> chunk, bool accepted,
                                                     const std::string& assigned_public_id) {
  Outcome outcome;
  std::string write_error;
  try {
    chunk->writer_.close();
  } catch (const std::exception& e) { write_error = e.what(); }
  const ContentRange& range = chunk->range_;
  std::uint64_t received = chunk->writer_.bytes_written() + chunk->overflow_;

  std::shared_ptr<Session> session;
  {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(chunk->key_);
    if (it == sessions_.end()) {
      outcome.error = "upload session is gone";
      return outcome;
    }
    session = it->second;
    if (clock_) session->last_activity = clock_();
    bool was_hashing = chunk->streaming_digest_ != nullptr;
    if (was_hashing) session->hashing_in_flight = false;

    if (!write_error.empty()) {
      outcome.error = "cannot store chunk: " + write_error;
    } else if (received != range.length()) {
      outcome.error = "Chunk size mismatch: Content-Range " + std::to_string(range.start) + "-" +
                      std::to_string(range.end) + " announces " + std::to_string(range.length()) +
                      " bytes, the file part had " + std::to_string(received);
    } else if (range.total >= 0 && session->total >= 0 && range.total != session->total) {
      outcome.error = "Content-Range total " + std::to_string(range.total) + " differs from the " +
                      std::to_string(session->total) + " an earlier chunk of this upload gave";
    } else {
      bool last = range.total >= 0 ? range.end + 1 == static_cast<std::uint64_t>(range.total)
                                   // No "/total" at all (PHP with streams of unknown size): a short
                                   // chunk can only be the last one.
                                   : !range.total_given && range.length() < kMinChunkBytes;
      if (!last && range.length() < kMinChunkBytes) {
        outcome.error = "All parts except EOF-chunk must be larger than 5mb";
      } else if (accepted) {
        if (range.total >= 0) session->total = range.total;
        if (last && range.total < 0) session->total = static_cast<std::int64_t>(range.end + 1);
      }
    }
    bool counts = accepted && outcome.error.empty();
    if (was_hashing) {
      if (counts) {
        session->hashed_upto = range.end + 1;
      } else {
        session->digest_valid = false;  // it took bytes that do not count: rehash from disk at the end
      }
    }
    if (counts) add_range(session->ranges, range.start, range.end + 1);
    if (session->public_id.empty() && counts) session->public_id = assigned_public_id;
    outcome.public_id = session->public_id;
    outcome.received = covered_bytes(session->ranges);
    if (!counts || session->completed || session->total < 0 ||
        covered_prefix(session->ranges) < static_cast<std::uint64_t>(session->total)) {
      return outcome;
    }
    // Every byte is in, yet another chunk is still streaming through the running hash: a
    // duplicate of a range already received (a retry whose first attempt is still open, or
    // may never end). Do not wait for it; hash the file from disk instead.
    if (session->hashing_in_flight) session->digest_valid = false;
    session->completed = true;
    sessions_.erase(chunk->key_);
  }
  // Complete: finish the hash outside the lock (out-of-order pieces are read back from disk).
  outcome.complete = true;
  outcome.file = session->file;
  outcome.size = static_cast<std::uint64_t>(session->total);
  // A refused chunk may have written past the total: cut the file to size before hashing it.
  std::filesystem::resize_file(session->file, outcome.size);
  if (session->digest_valid) {
    if (session->hashed_upto < outcome.size) {
      hash_file_range(session->digest, session->file, session->hashed_upto, outcome.size - session->hashed_upto);
    }
    outcome.sha256 = session->digest.final_hex();
  } else {
    outcome.sha256 = sha256_of_file(session->file);
  }
  return outcome;
}

void ChunkedUploads::expire_idle_sessions() {
  if (!clock_) return;
  const std::int64_t now = clock_();
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    const auto& session = it->second;
    // A chunk in flight holds the session too (ChunkWrite::session_): never pull its file away.
    if (session.use_count() == 1 && now - session->last_activity > idle_seconds_) {
      std::error_code ignored;
      std::filesystem::remove(session->file, ignored);
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
}

std::string ChunkedUploads::session_public_id(const std::string& cloud, const std::string& upload_id) const {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(key(cloud, upload_id));
  return it == sessions_.end() ? std::string() : it->second->public_id;
}

void ChunkedUploads::set_session_public_id(const std::string& cloud, const std::string& upload_id,
                                           const std::string& public_id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(key(cloud, upload_id));
  if (it != sessions_.end() && it->second->public_id.empty()) it->second->public_id = public_id;
}

}  // namespace cldcert::mock
