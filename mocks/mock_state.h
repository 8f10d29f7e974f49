// Everything one mock Cloudinary instance holds: accounts, stored assets, open chunked
// uploads, id source, clock and journal. The API handlers share it by reference.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

#include "mocks/accounts.h"
#include "mocks/asset_store.h"
#include "mocks/chunked_upload.h"
#include "mocks/exchange.h"
#include "mocks/faults.h"
#include "mocks/id_source.h"
#include "mocks/journal.h"
#include "mocks/rate_limiter.h"

namespace cldcert::mock {

// What a shadow (MockOptions::upstream) answered to one request, beside what the upstream answered.
struct ShadowedAnswer {
  std::uint64_t journal_id = 0;  // the journal entry of the request
  std::string method, api, action, cloud;
  const HttpResponse& shadow;
  const HttpResponse& upstream;
};

struct MockOptions {
  Accounts accounts;
  std::uint64_t seed = 1;
  // Where stored bytes go; empty: a fresh temporary folder, removed with the mock.
  std::filesystem::path data_dir;
  // Cloudinary takes non-chunked uploads up to 100 MB; larger ones must be chunked.
  std::uint64_t max_plain_upload_bytes = 100ull * 1024 * 1024;
  // The largest file a chunked upload may announce or reach. Cloudinary's limit depends on the plan
  // and resource type (UNCONFIRMED figures); 4 GiB covers the e2e 1 GiB upload and bounds what a
  // Content-Range can make the mock allocate (an offset of 1 TiB made a 1 TiB sparse file).
  std::uint64_t max_chunked_upload_bytes = 4ull << 30;
  // An unfinished chunked upload with no chunk for this long is dropped and its file deleted.
  // Cloudinary does not document the lifetime of an upload_large session (UNCONFIRMED); an hour is
  // also how long the SDK's per-chunk signatures stay valid.
  std::int64_t chunk_session_idle_seconds = 3600;
  // Admin API calls allowed per cloud and hour before 420 (generous by default, like paid plans).
  std::int64_t admin_rate_limit_per_hour = 5000;
  // Unix seconds; tests pin it to check stale-timestamp handling.
  std::function<std::int64_t()> clock;
  // When set, the mock is a shadow (live clouds, harness/live/): every journaled request is also sent,
  // body slice by body slice, to the exchange this makes, and its answer is the one given and journaled.
  // The mock still parses and judges the request itself, so the journal's request side (fields, auth,
  // chunks, digests) is exactly what it records in mock mode; its own answer is dropped.
  std::function<std::unique_ptr<Exchange>(const HttpRequestHead&)> upstream;
  // Called with each entry as it is journaled (live runs learn what they created from it).
  std::function<void(const JournalEntry&)> on_recorded;
  // A shadow's two answers to one journaled request: its own, never given, and the upstream's (live runs
  // measure where the mock differs from Cloudinary with them).
  std::function<void(const ShadowedAnswer&)> on_shadowed;
};

struct MockState {
  explicit MockState(MockOptions opts);
  ~MockState();
  std::int64_t now_unix() const;
  std::int64_t now_unix_ms() const;

  MockOptions options;
  bool owns_data_dir = false;
  std::filesystem::path data_dir;
  AssetStore store;
  ChunkedUploads chunks;
  IdSource ids;
  RateLimiter admin_rate_limits;
  FaultSet faults;
  Journal journal;
};

}  // namespace cldcert::mock
