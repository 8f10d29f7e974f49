#include "harness/live/upstream_forwarder.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <iostream>
#include <limits>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "mocks/text.h"
#include "mocks/utc_time.h"

namespace cldcert::live {
namespace {

// Hop-by-hop headers and those curl writes itself: never copied from one side to the other. The
// client's Accept-Encoding goes too, so the answer relayed (and journaled) is the plain body.
bool is_request_header_kept(std::string_view name) {
  static const std::set<std::string, std::less<>> kDropped = {
      "host", "content-length",      "transfer-encoding", "connection", "keep-alive", "proxy-connection",
      "te",   "proxy-authorization", "trailer",           "upgrade",    "expect",     "accept-encoding"};
  return !kDropped.contains(text::lower(name));
}

bool is_response_header_kept(std::string_view name) {
  static const std::set<std::string, std::less<>> kDropped = {
      "content-length", "transfer-encoding", "connection", "keep-alive", "content-type", "trailer", "upgrade"};
  return !kDropped.contains(text::lower(name));
}

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool sends_body(const mock::HttpRequestHead& head) {
  if (head.method == "POST" || head.method == "PUT" || head.method == "PATCH") return true;
  const std::string_view length = mock::header_value(head.headers, "Content-Length");
  return !mock::header_value(head.headers, "Transfer-Encoding").empty() || (!length.empty() && length != "0");
}

// What the upstream's answer starts as: no status, no Content-Type until it says one.
mock::HttpResponse empty_answer() {
  mock::HttpResponse answer;
  answer.status = 0;
  answer.content_type.clear();
  return answer;
}

// One request's place among its cloud's requests in flight: taken (waiting while they are at the limit)
// when it begins, given back when it is dropped.
class InFlightSlot {
 public:
  InFlightSlot(std::shared_ptr<UpstreamForwarder::Counters> counters, std::string cloud, int limit)
      : counters_(std::move(counters)), cloud_(std::move(cloud)) {
    std::unique_lock lock(counters_->mutex);
    counters_->freed.wait(lock, [&] { return counters_->in_flight[cloud_] < std::max(1, limit); });
    ++counters_->in_flight[cloud_];
  }
  ~InFlightSlot() {
    std::lock_guard lock(counters_->mutex);
    if (--counters_->in_flight[cloud_] == 0) counters_->in_flight.erase(cloud_);
    counters_->freed.notify_all();
  }
  InFlightSlot(const InFlightSlot&) = delete;
  InFlightSlot& operator=(const InFlightSlot&) = delete;

 private:
  std::shared_ptr<UpstreamForwarder::Counters> counters_;
  std::string cloud_;
};

class ForwardingExchange : public mock::Exchange {
 public:
  // `body_limit`: the answer's body bytes kept before the transfer is ended (UpstreamForwarder::fetch).
  ForwardingExchange(const UpstreamConfig& config, const mock::HttpRequestHead& head,
                     std::shared_ptr<UpstreamForwarder::Counters> counters, std::shared_ptr<RateBudget> budget,
                     std::size_t body_limit = std::numeric_limits<std::size_t>::max())
      : slot_(counters, cloud_of(head.path), config.max_in_flight_per_cloud),
        body_limit_(body_limit),
        counters_(std::move(counters)),
        budget_(spends_admin_budget(head.path) ? std::move(budget) : nullptr),
        cloud_(cloud_of(head.path)) {
    init_curl_once();
    curl_ = curl_easy_init();
    if (curl_ == nullptr) {
      failure_ = "libcurl could not start a transfer";
      return;
    }
    const bool api = head.path.starts_with("/v1_1/");
    base_ = api ? config.api_base : config.delivery_base;
    std::string target = head.target;
    if (target.empty()) target = head.path + (head.query.empty() ? "" : "?" + head.query);
    url_ = base_ + target;
    curl_easy_setopt(curl_, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_buffer_);
    // Full verification, always: the system's CAs, or the test-only --live-ca.
    curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!config.ca_file.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, config.ca_file.c_str());
    curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 0L);
    // HTTP/1.1 as the integration spoke it: header names journaled as sent, not HTTP/2's lower case.
    curl_easy_setopt(curl_, CURLOPT_HTTP_VERSION,
                     static_cast<long>(CURL_HTTP_VERSION_1_1));  // a redirect is relayed as Cloudinary sent it
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, 30L);
    // No overall limit (a 1.1 GiB upload takes what it takes), but a stalled one ends.
    curl_easy_setopt(curl_, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl_, CURLOPT_LOW_SPEED_TIME, 120L);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, &ForwardingExchange::on_header);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &ForwardingExchange::on_answer_body);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, this);
    spill_dir_ = config.spill_dir;
    if (head.method == "HEAD") {
      curl_easy_setopt(curl_, CURLOPT_NOBODY, 1L);
    } else if (sends_body(head)) {
      with_body_ = true;
      curl_easy_setopt(curl_, CURLOPT_POST, 1L);
      curl_easy_setopt(curl_, CURLOPT_READFUNCTION, &ForwardingExchange::on_read);
      curl_easy_setopt(curl_, CURLOPT_READDATA, this);
      curl_off_t size = -1;  // chunked, as the client sent it
      const std::string length(mock::header_value(head.headers, "Content-Length"));
      if (!length.empty() && length.find_first_not_of("0123456789") == std::string::npos && length.size() < 19)
        size = static_cast<curl_off_t>(std::stoll(length));
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, size);
      if (head.method != "POST") curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, head.method.c_str());
    } else if (head.method != "GET") {
      curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, head.method.c_str());
    }
    for (const auto& [name, value] : head.headers) {
      if (!is_request_header_kept(name)) continue;
      // curl drops "Name:" and sends "Name;" as an empty header.
      const std::string line = value.empty() ? name + ";" : name + ": " + value;
      headers_ = curl_slist_append(headers_, line.c_str());
    }
    headers_ = curl_slist_append(headers_, "Expect:");  // no 100-continue round trip
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
    ++counters_->requests;
    transfer_ = std::thread([this] { perform(); });
  }

  ~ForwardingExchange() override {
    end_body();
    if (transfer_.joinable()) transfer_.join();
    if (headers_ != nullptr) curl_slist_free_all(headers_);
    if (curl_ != nullptr) curl_easy_cleanup(curl_);
  }

  void on_body(const char* data, std::size_t size) override {
    if (!with_body_ || size == 0) return;
    std::unique_lock lock(mutex_);
    // Bounded: the client waits while the upstream is slower (constant memory for any upload).
    changed_.wait(lock, [&] { return queued_ < kMaxQueuedBody || done_; });
    if (done_) return;  // the upstream answered before reading all of it
    chunks_.emplace_back(data, size);
    queued_ += size;
    changed_.notify_all();
  }

  mock::HttpResponse finish() override {
    end_body();
    if (transfer_.joinable()) transfer_.join();
    if (!spill_error_.empty()) {  // checked first: curl reports it as a failure to write
      return mock::cloudinary_error(502,
                                    "cldcert live: the answer from " + base_ + " was not relayed: " + spill_error_);
    }
    if (!failure_.empty() && !cut_) {  // a transfer ended by body_limit_ ends as a write error: not a failure
      return mock::cloudinary_error(502, "cldcert live: no answer from " + base_ + ": " + failure_);
    }
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    curl_off_t length = -1;
    curl_easy_getinfo(curl_, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    if (length >= 0) content_length_ = static_cast<std::uint64_t>(length);
    answer_.status = static_cast<int>(status);
    if (budget_) budget_->observe(cloud_, answer_.headers);
    if (spill_.is_open()) {
      spill_.close();
      answer_.body_file = spill_path_;
    }
    return std::move(answer_);
  }

  // After finish(): the answer's Content-Length, and whether body_limit_ ended the transfer.
  std::optional<std::uint64_t> content_length() const { return content_length_; }
  bool cut() const { return cut_; }
  std::string failure() const { return !spill_error_.empty() ? spill_error_ : cut_ ? "" : failure_; }

 private:
  void end_body() {
    std::lock_guard lock(mutex_);
    ended_ = true;
    changed_.notify_all();
  }

  void perform() {
    CURLcode code = curl_easy_perform(curl_);
    std::lock_guard lock(mutex_);
    if (code != CURLE_OK) failure_ = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
    done_ = true;
    changed_.notify_all();
  }

  static std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* self_pointer) {
    auto* self = static_cast<ForwardingExchange*>(self_pointer);
    const std::size_t room = size * count;
    std::unique_lock lock(self->mutex_);
    self->changed_.wait(lock, [&] { return !self->chunks_.empty() || self->ended_; });
    if (self->chunks_.empty()) return 0;  // the whole body was sent
    std::string& front = self->chunks_.front();
    const std::size_t n = std::min(room, front.size() - self->front_offset_);
    std::copy_n(front.data() + self->front_offset_, n, buffer);
    self->front_offset_ += n;
    if (self->front_offset_ == front.size()) {
      self->queued_ -= front.size();
      self->chunks_.pop_front();
      self->front_offset_ = 0;
    }
    self->counters_->bytes_sent += n;
    self->changed_.notify_all();
    return n;
  }

  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self_pointer) {
    auto* self = static_cast<ForwardingExchange*>(self_pointer);
    std::string_view line(data, size * count);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.starts_with("HTTP/")) {  // a new answer (after a 100 Continue): its headers only
      self->answer_.headers.clear();
      self->answer_.content_type.clear();
      return size * count;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return size * count;
    std::string name(text::trim(line.substr(0, colon)));
    std::string value(text::trim(line.substr(colon + 1)));
    if (text::iequals(name, "Content-Type")) self->answer_.content_type = value;
    if (is_response_header_kept(name)) self->answer_.headers.emplace_back(std::move(name), std::move(value));
    return size * count;
  }

  static std::size_t on_answer_body(char* data, std::size_t size, std::size_t count, void* self_pointer) {
    auto* self = static_cast<ForwardingExchange*>(self_pointer);
    const std::size_t n = size * count;
    self->counters_->bytes_received += n;
    if (self->answer_.body.size() + n > self->body_limit_) {  // enough: keep what was asked, end the transfer
      self->answer_.body.append(data, self->body_limit_ - self->answer_.body.size());
      self->cut_ = true;
      return 0;
    }
    if (!self->spill_.is_open() && self->answer_.body.size() + n > kMaxAnswerInMemory && !self->start_spill())
      return 0;  // ends the transfer
    if (self->spill_.is_open()) {
      self->spill_.write(data, static_cast<std::streamsize>(n));
      if (!self->spill_) {
        self->spill_error_ = "cannot write " + self->spill_path_.string();
        return 0;
      }
      return n;
    }
    self->answer_.body.append(data, n);
    return n;
  }

  // A large answer (a delivery of a large asset) goes on in a file: memory stays bounded.
  bool start_spill() {
    if (spill_dir_.empty()) {
      spill_error_ = "it is larger than " + std::to_string(kMaxAnswerInMemory >> 20) + " MiB";
      return false;
    }
    static std::atomic<std::uint64_t> next{0};
    std::error_code ignored;
    std::filesystem::create_directories(spill_dir_, ignored);
    spill_path_ = spill_dir_ / ("answer-" + std::to_string(++next));
    spill_.open(spill_path_, std::ios::binary | std::ios::trunc);
    spill_.write(answer_.body.data(), static_cast<std::streamsize>(answer_.body.size()));
    if (!spill_) {
      spill_error_ = "cannot write " + spill_path_.string();
      return false;
    }
    answer_.body.clear();
    return true;
  }

  InFlightSlot slot_;  // first: given back after everything else of the request has ended
  std::size_t body_limit_;
  bool cut_ = false;
  std::optional<std::uint64_t> content_length_;
  std::shared_ptr<UpstreamForwarder::Counters> counters_;
  std::shared_ptr<RateBudget> budget_;  // null: not an Admin API request
  std::string cloud_;
  CURL* curl_ = nullptr;
  curl_slist* headers_ = nullptr;
  char error_buffer_[CURL_ERROR_SIZE] = {};
  std::string base_, url_;
  bool with_body_ = false;
  std::thread transfer_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> chunks_;  // body slices not yet read by curl
  std::size_t front_offset_ = 0;
  std::size_t queued_ = 0;
  bool ended_ = false;  // no more body: finish() was called
  bool done_ = false;   // curl_easy_perform returned
  std::string failure_;
  std::filesystem::path spill_dir_, spill_path_;
  std::ofstream spill_;
  std::string spill_error_;
  mock::HttpResponse answer_ = empty_answer();
};

}  // namespace

std::string upstream_url_problem(std::string_view url) {
  constexpr std::string_view kHttps = "https://";
  if (!url.starts_with(kHttps)) return "expects https://HOST[:PORT] (a live run never sends credentials in the clear)";
  std::string_view rest = url.substr(kHttps.size());
  if (rest.empty() || rest.find_first_of("/?#@ ") != std::string_view::npos)
    return "expects https://HOST[:PORT], with no path, query or user";
  return "";
}

UpstreamForwarder::UpstreamForwarder(UpstreamConfig config)
    : config_(std::move(config)), budget_(std::make_shared<RateBudget>(config_.clock)) {}

std::unique_ptr<mock::Exchange> UpstreamForwarder::begin(const mock::HttpRequestHead& head) const {
  return std::make_unique<ForwardingExchange>(config_, head, counters_, budget_);
}

UpstreamForwarder::Fetched UpstreamForwarder::fetch(const mock::HttpRequestHead& head,
                                                    std::size_t max_body_bytes) const {
  ForwardingExchange exchange(config_, head, counters_, budget_, std::min(max_body_bytes, kMaxAnswerInMemory));
  Fetched fetched;
  fetched.response = exchange.finish();
  fetched.content_length = exchange.content_length();
  fetched.cut = exchange.cut();
  fetched.failure = exchange.failure();
  return fetched;
}

mock::HttpResponse UpstreamForwarder::call(const mock::HttpRequestHead& head, std::string_view body) const {
  const std::string cloud = cloud_of(head.path);
  auto wait = [&](std::int64_t seconds) {
    if (config_.wait) return config_.wait(seconds);
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
  };
  auto send = [&] {
    auto exchange = begin(head);
    if (!body.empty()) exchange->on_body(body.data(), body.size());
    return exchange->finish();
  };
  if (spends_admin_budget(head.path)) {
    const Clearance clearance = budget_->clear_own_call(cloud);
    if (clearance.kind == Clearance::Kind::kRefuse) return mock::cloudinary_error(420, clearance.message);
    if (clearance.kind == Clearance::Kind::kWait) {
      std::cerr << clearance.message << "\n";
      wait(clearance.wait_seconds);
    }
  }
  mock::HttpResponse answer = send();
  if (answer.status != 420) return answer;
  const std::optional<std::int64_t> seconds = retry_wait_seconds(answer.headers, budget_->now());
  const std::string refused = "cldcert live: cloud " + cloud + " answered 420 (rate limited) to the harness's own " +
                              head.method + " " + head.path;
  if (seconds && *seconds <= kMaxBudgetWaitSeconds) {
    std::cerr << refused << "; waiting " << *seconds << " s, then trying once more\n";
    wait(*seconds);
    answer = send();
    if (answer.status != 420) return answer;
  }
  mock::HttpResponse reported = mock::cloudinary_error(
      420, refused +
               (seconds ? "; its budget resets at " + mock::format_utc_for_rate_limit_message(budget_->now() + *seconds)
                        : "; it did not say when its budget resets"));
  reported.headers = std::move(answer.headers);
  return reported;
}

int UpstreamForwarder::in_flight(const std::string& cloud) const {
  std::lock_guard lock(counters_->mutex);
  auto it = counters_->in_flight.find(cloud);
  return it == counters_->in_flight.end() ? 0 : it->second;
}

std::string cloud_of(std::string_view path) {
  const std::vector<std::string> parts = mock::path_segments(path);
  if (parts.empty()) return "";
  if (parts[0] != "v1_1") return parts[0];
  if (parts.size() >= 4 && parts[1] == "provisioning" && parts[2] == "accounts") return "account " + parts[3];
  return parts.size() >= 2 ? parts[1] : "";
}

mock::HttpRequestHead upstream_head(std::string method, std::string target, mock::HeaderList headers) {
  mock::HttpRequestHead head;
  head.method = std::move(method);
  const std::size_t question = target.find('?');
  head.path = mock::percent_decode(target.substr(0, question), false);
  if (question != std::string::npos) head.query = target.substr(question + 1);
  head.query_params = mock::parse_query_string(head.query);
  head.target = std::move(target);
  head.headers = std::move(headers);
  return head;
}

}  // namespace cldcert::live
