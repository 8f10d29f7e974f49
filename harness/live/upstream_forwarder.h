// A live run's way to the real Cloudinary: each request, head and streamed body, sent on with libcurl
// to the upstream host with full certificate verification, and its answer handed back (mock::Exchange).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "harness/live/rate_budget.h"
#include "mocks/exchange.h"
#include "mocks/http_types.h"

namespace cldcert::live {

struct UpstreamConfig {
  std::string api_base = "https://api.cloudinary.com";       // /v1_1/… (Upload, Admin, Provisioning APIs)
  std::string delivery_base = "https://res.cloudinary.com";  // every other path (delivery URLs)
  // Test-only (--live-ca): the only CA trusted, instead of the system's.
  std::string ca_file;
  // Where an answer larger than kMaxAnswerInMemory is written and served from (a delivery of a large
  // asset); the run's work folder removes it. Empty: such an answer is refused (502).
  std::filesystem::path spill_dir;
  // Requests to one cloud (or one account's Provisioning API) at once, at most: a request past it waits
  // for one to end. Cloudinary publishes no concurrency limit (UNCONFIRMED); ten is more than the SDKs'
  // parallel chunk uploads and keeps a runaway integration from flooding a partner's cloud.
  int max_in_flight_per_cloud = 10;
  // Test-only: the clock the rate budget reads reset times against (unix seconds; the system's when
  // empty), so a test upstream with a pinned clock sends resets in the future; and how the harness's
  // own call waits for one (sleeping when empty).
  std::function<std::int64_t()> clock;
  std::function<void(std::int64_t seconds)> wait;
};

// The config with both bases at `url` (test-only --live-upstream), or why it cannot be one: only
// https://host[:port], because a live run never sends credentials unencrypted. Never throws.
std::string upstream_url_problem(std::string_view url);

// The User-Agent of the harness's own calls to a live cloud (never the integration's): a partner reading
// their cloud's logs tells them apart by it.
inline constexpr const char* kLiveUserAgent = "cldcert-live";

// An answer relayed from upstream is kept in memory up to this size; a larger one goes to spill_dir.
inline constexpr std::size_t kMaxAnswerInMemory = 8u << 20;
// Request bytes waiting for the upstream connection, at most: a 1.1 GiB upload streams through this.
inline constexpr std::size_t kMaxQueuedBody = 4u << 20;

class UpstreamForwarder {
 public:
  explicit UpstreamForwarder(UpstreamConfig config);

  // Starts sending the request at once; its body is pushed in slice by slice (blocking while the queue
  // is full), finish() waits for the answer. An unreachable or unverifiable upstream answers 502 saying why.
  std::unique_ptr<mock::Exchange> begin(const mock::HttpRequestHead& head) const;
  // A whole request at once: the harness's own calls (credential probe, cleanup). An Admin API call never
  // spends the hour's last kReservedAdminCalls (RateBudget::clear_own_call: waits for a near reset, else
  // answers 420 saying why, unsent); a 420 from upstream is waited out and retried once when its reset
  // is near, else answered as a 420 naming the cloud and the reset.
  mock::HttpResponse call(const mock::HttpRequestHead& head, std::string_view body = {}) const;

  // The harness's own HEAD or GET of a delivery (cldcert.get's probes), never downloading more than it
  // needs: the body is kept up to `max_body_bytes` (at most kMaxAnswerInMemory) and the transfer ends there,
  // so a CDN that ignores a Range is not read to the end. `content_length` is what the answer's header said
  // (the one way to learn a HEAD's); `cut`: more was coming. Not journaled; spends no Admin API budget.
  struct Fetched {
    std::string failure;  // "" or why no answer came (the response is then the 502 saying so)
    mock::HttpResponse response;
    std::optional<std::uint64_t> content_length;
    bool cut = false;
  };
  Fetched fetch(const mock::HttpRequestHead& head, std::size_t max_body_bytes) const;

  const UpstreamConfig& config() const { return config_; }
  // Set before the first request: where large answers go (UpstreamConfig::spill_dir).
  void spill_answers_to(std::filesystem::path dir) { config_.spill_dir = std::move(dir); }
  // What a live run cost: requests sent and body bytes each way, over every exchange so far.
  std::uint64_t requests() const { return counters_->requests; }
  std::uint64_t bytes_sent() const { return counters_->bytes_sent; }
  std::uint64_t bytes_received() const { return counters_->bytes_received; }

  // Each cloud's hourly Admin API budget, as its answers (the integration's and the harness's) said.
  const RateBudget& rate_budget() const { return *budget_; }

  // Requests to `cloud` under way now (begun, not yet finished and dropped).
  int in_flight(const std::string& cloud) const;

  struct Counters {
    std::atomic<std::uint64_t> requests{0}, bytes_sent{0}, bytes_received{0};
    std::mutex mutex;  // guards in_flight
    std::condition_variable freed;
    std::map<std::string, int> in_flight;  // by cloud (cloud_of)
  };

 private:
  UpstreamConfig config_;
  std::shared_ptr<Counters> counters_ = std::make_shared<Counters>();
  std::shared_ptr<RateBudget> budget_;
};

// Whose request this is, for the in-flight limit: the cloud of /v1_1/<cloud>/… and of a delivery URL
// /<cloud>/…, "account <id>" for the Provisioning API.
std::string cloud_of(std::string_view path);

// A request head for the harness's own call: method, target (path?query, already encoded), headers.
mock::HttpRequestHead upstream_head(std::string method, std::string target, mock::HeaderList headers = {});

}  // namespace cldcert::live
