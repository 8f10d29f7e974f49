// Chunked ("upload_large") sessions: X-Unique-Upload-Id + Content-Range pieces written in
// place into one spool file, in any order and in parallel, until the whole file is there.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "mocks/digest.h"
#include "mocks/file_writer.h"
#include "mocks/form_reader.h"

namespace cldcert::mock {

struct ContentRange {
  std::uint64_t start = 0;
  std::uint64_t end = 0;    // inclusive
  std::int64_t total = -1;  // -1: "/-1" (not the last chunk)
  bool total_given = true;  // false for "bytes a-b" with no "/total" at all
  std::uint64_t length() const { return end - start + 1; }
};

// Parses "bytes 0-4999999/-1", "bytes 10-19/20", "bytes 0-9/*" or "bytes 0-9";
// nullopt (and `error` set) when malformed.
std::optional<ContentRange> parse_content_range(std::string_view header, std::string* error);

// Cloudinary refuses non-final chunks under 5 MB; SDK tests pass with 6 000 000, so be lenient.
inline constexpr std::uint64_t kMinChunkBytes = 5'000'000;

class ChunkedUploads {
 public:
  // Sessions idle for more than `idle_seconds` by `clock` (Unix seconds) are dropped, their files
  // deleted, when the next chunk of any session begins; no clock: sessions never expire.
  explicit ChunkedUploads(std::filesystem::path dir, std::function<std::int64_t()> clock = {},
                          std::int64_t idle_seconds = 3600);

  // One chunk in flight: a FileSink writing at its offset into the session file.
  class ChunkWrite : public FileSink {
   public:
    void write(const char* data, std::size_t size) override;
    std::uint64_t received() const { return writer_.bytes_written(); }

   private:
    friend class ChunkedUploads;
    ChunkWrite(std::string key, ContentRange range, std::filesystem::path file, std::shared_ptr<void> session,
               StreamingDigest* digest);
    std::string key_;
    ContentRange range_;
    FileWriter writer_;
    // Keeps the session (and so *streaming_digest_) alive even if the upload completes without this chunk.
    std::shared_ptr<void> session_;
    StreamingDigest* streaming_digest_;  // set when this chunk continues the running hash
    std::uint64_t overflow_ = 0;         // bytes received past the declared range
  };

  struct Outcome {
    std::string error;           // the chunk was refused (400 with this message)
    bool complete = false;       // this chunk completed the file
    std::uint64_t received = 0;  // bytes of the file held so far
    std::string public_id;       // chosen for the session (given by the client or assigned)
    std::filesystem::path file;  // when complete: the assembled file, now the caller's
    std::uint64_t size = 0;      // when complete
    std::string sha256;          // when complete
  };

  // Opens the session for (cloud, upload id) if new; `public_id` is kept when the first chunk names one.
  std::unique_ptr<ChunkWrite> begin_chunk(const std::string& cloud, const std::string& upload_id,
                                          const ContentRange& range);
  // Ends a chunk. `accepted` is false when the request failed authentication: its bytes then
  // do not count. `assigned_public_id` is used when the session has none yet.
  Outcome finish_chunk(std::unique_ptr<ChunkWrite> chunk, bool accepted, const std::string& assigned_public_id);
  // Public id of an open session, "" when none (for intermediate responses).
  std::string session_public_id(const std::string& cloud, const std::string& upload_id) const;
  void set_session_public_id(const std::string& cloud, const std::string& upload_id, const std::string& public_id);

 private:
  struct Session {
    std::filesystem::path file;
    std::int64_t total = -1;
    std::map<std::uint64_t, std::uint64_t> ranges;  // merged [start, end) received
    StreamingDigest digest;
    std::uint64_t hashed_upto = 0;
    bool hashing_in_flight = false;
    bool digest_valid = true;
    bool completed = false;
    std::string public_id;
    std::int64_t last_activity = 0;  // clock reading at the last chunk's begin or end
  };
  // Drops sessions idle too long with no chunk in flight; mutex_ held.
  void expire_idle_sessions();
  static std::string key(const std::string& cloud, const std::string& upload_id);
  static void add_range(std::map<std::uint64_t, std::uint64_t>& ranges, std::uint64_t start, std::uint64_t end);
  static std::uint64_t covered_prefix(const std::map<std::uint64_t, std::uint64_t>& ranges);
  static std::uint64_t covered_bytes(const std::map<std::uint64_t, std::uint64_t>& ranges);

  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Session>> sessions_;
  std::filesystem::path dir_;
  std::function<std::int64_t()> clock_;
  std::int64_t idle_seconds_;
  std::uint64_t next_file_ = 1;
};

}  // namespace cldcert::mock
