#include "mocks/mock_cloudinary.h"

#include <chrono>
#include <optional>
#include <thread>
#include <vector>

#include "mocks/admin_api.h"
#include "mocks/bounded_json.h"
#include "mocks/delivery_api.h"
#include "mocks/provisioning_api.h"
#include "mocks/control_api.h"
#include "mocks/upload_api.h"
#include "mocks/utc_time.h"

namespace cldcert::mock {
namespace {

// Wraps a route's exchange: times it and records the finished request in the journal.
class RecordingExchange : public Exchange {
 public:
  RecordingExchange(MockState& state, std::unique_ptr<JournalEntry> entry)
      : state_(state), entry_(std::move(entry)), started_(std::chrono::steady_clock::now()) {}

  void set_inner(std::unique_ptr<Exchange> inner) { inner_ = std::move(inner); }
  // A live run's cloud (MockOptions::upstream): it gets every body slice too, and its answer is the one given.
  void set_upstream(std::unique_ptr<Exchange> upstream) { upstream_ = std::move(upstream); }
  JournalEntry& entry() { return *entry_; }

  // A mock bug (or a full disk) must not take the server down, nor lose the evidence: the
  // first exception ends the inner exchange's part, the rest of the body is drained, and
  // finish() answers 500 and journals the request like any other.
  void on_body(const char* data, std::size_t size) override {
    if (upstream_) upstream_->on_body(data, size);
    if (!failure_.empty()) return;
    try {
      inner_->on_body(data, size);
    } catch (...) { failure_ = exception_text(std::current_exception()); }
  }

  HttpResponse finish() override {
    HttpResponse response;
    if (failure_.empty()) {
      try {
        response = inner_->finish();
      } catch (...) { failure_ = exception_text(std::current_exception()); }
    }
    if (!failure_.empty()) response = cloudinary_error(500, "cldcert mock internal error: " + failure_);
    std::optional<HttpResponse> shadow;
    if (upstream_) {
      shadow = std::move(response);
      response = answer_from_upstream(*shadow);
    }
    entry_->status = response.status;
    entry_->response_headers = response.headers;
    entry_->response_headers.emplace_back("Content-Type", response.content_type);
    entry_->response_body = response.body.substr(0, kMaxRecordedValue);
    inner_.reset();  // the inner exchange refers to the entry: end it first
    if (state_.options.on_recorded) state_.options.on_recorded(*entry_);
    ShadowedAnswer compared{
        0, entry_->method, entry_->api, entry_->action, entry_->cloud, shadow ? *shadow : response, response};
    compared.journal_id = state_.journal.record(std::move(*entry_), started_);
    if (shadow && state_.options.on_shadowed) state_.options.on_shadowed(compared);
    return response;
  }

 private:
  // The upstream's answer replaces the shadow's; the asset it names is the one the journal names (the
  // shadow picks its own random public ids), and the shadow's store follows it, so the steps after this
  // one (a delete, a rename) and the store snapshots the checks read find what the upstream holds.
  HttpResponse answer_from_upstream(const HttpResponse& shadow) {
    HttpResponse response = upstream_->finish();
    upstream_.reset();
    follow_upstream(shadow, response);
    return response;
  }

  void follow_upstream(const HttpResponse& shadow, const HttpResponse& response) {
    if (entry_->api != "upload" || entry_->cloud.empty()) return;
    const nlohmann::json mine = parse_json_text(shadow.body).doc;
    const nlohmann::json theirs = parse_json_text(response.body).doc;
    auto text = [](const nlohmann::json& body, const char* key) {
      return body.is_object() && body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
    };
    const std::string their_id = text(theirs, "public_id");
    if (!their_id.empty()) entry_->public_id = their_id;
    const std::string my_id = text(mine, "public_id");
    if (shadow.status != 200 || my_id.empty() || entry_->action == "destroy") return;
    const std::string rt = text(mine, "resource_type"), type = text(mine, "type");
    auto asset = state_.store.find(entry_->cloud, rt, type, my_id);
    if (!asset) return;
    if (response.status != 200 || their_id.empty()) {
      state_.store.erase(entry_->cloud, rt, type, my_id);  // the upstream kept nothing
    } else if (their_id != my_id) {
      Asset renamed = *asset;
      renamed.public_id = their_id;
      state_.store.rename(entry_->cloud, rt, type, my_id, std::move(renamed));
    }
  }

  MockState& state_;
  std::unique_ptr<JournalEntry> entry_;
  std::unique_ptr<Exchange> inner_;
  std::unique_ptr<Exchange> upstream_;
  std::chrono::steady_clock::time_point started_;
  std::string failure_;  // what the inner exchange threw, if anything
};

}  // namespace

MockCloudinary::MockCloudinary(MockOptions options) : state_(std::make_unique<MockState>(std::move(options))) {}
MockCloudinary::~MockCloudinary() = default;

std::unique_ptr<Exchange> MockCloudinary::begin(HttpRequestHead head) {
  if (head.path.starts_with(kControlPrefix)) return begin_control_api(*state_, head);

  auto entry = std::make_unique<JournalEntry>();
  entry->started_unix_ms = state_->now_unix_ms();
  entry->started_at = iso8601_utc(entry->started_unix_ms, true);
  entry->method = head.method;
  entry->path = head.path;
  entry->query = head.query;
  entry->query_params = head.query_params;
  entry->headers = head.headers;
  entry->remote_address = head.remote_address;
  entry->scheme = head.scheme;
  entry->sni = head.sni;
  entry->host = std::string(header_value(head.headers, "Host"));
  entry->api = "unknown";
  auto recording = std::make_unique<RecordingExchange>(*state_, std::move(entry));
  JournalEntry& e = recording->entry();

  // Routed first: the route's labels say which API family the request belongs to, and a faulted
  // request is journaled under the API it asked for. A route does its work in its exchange, so
  // dropping the exchange of a refused request leaves nothing behind.
  std::unique_ptr<Exchange> routed;
  try {
    routed = route(head, e);
  } catch (...) {
    routed = std::make_unique<FixedExchange>(
        cloudinary_error(500, "cldcert mock internal error: " + exception_text(std::current_exception())));
  }
  if (auto fault = state_->faults.match(head.method, head.path, api_families(head.method, e))) {
    e.fault = fault->rule_id;
    if (fault->latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(fault->latency_ms));
    if (fault->status != 0 || fault->drop_connection) {
      routed.reset();
      routed = std::make_unique<FixedExchange>(fault_response(*fault, state_->now_unix_ms()));
    }
  }
  recording->set_inner(std::move(routed));
  if (state_->options.upstream) recording->set_upstream(state_->options.upstream(head));
  return recording;
}

std::unique_ptr<Exchange> MockCloudinary::route(const HttpRequestHead& head, JournalEntry& e) {
  std::vector<std::string> parts = path_segments(head.path);
  auto unknown_cloud = [&](const std::string& name) {
    e.cloud.clear();
    return std::make_unique<FixedExchange>(cloudinary_error(401, "Invalid cloud_name " + name));
  };
  if (parts.size() >= 3 && parts[0] == "v1_1" && parts[1] == "provisioning" && parts[2] == "accounts") {
    return begin_provisioning_api(*state_, head, std::vector<std::string>(parts.begin() + 3, parts.end()), e);
  }
  if (parts.size() >= 3 && parts[0] == "v1_1") {
    const std::string& cloud_name = parts[1];
    e.cloud = cloud_name;
    const Cloud* cloud = state_->options.accounts.find_cloud(cloud_name);
    // Upload API: /v1_1/{cloud}/{resource_type}/{action}, or /v1_1/{cloud}/upload (auto).
    bool typed = parts.size() == 4 && is_upload_resource_type(parts[2]);
    std::string resource_type = typed ? parts[2] : "auto";
    std::string action = typed ? parts[3] : parts[2];
    if ((typed || (parts.size() == 3 && action == "upload")) && is_upload_api_action(action)) {
      e.api = "upload";
      e.action = action;
      e.resource_type = resource_type;
      if (cloud == nullptr) return unknown_cloud(cloud_name);
      if (head.method != "POST") {
        return std::make_unique<FixedExchange>(cloudinary_error(404, "Use POST for /" + action));
      }
      return begin_upload_api(*state_, *cloud, head, resource_type, action, e);
    }
    if (typed && action == "download") {
      if (cloud == nullptr) return unknown_cloud(cloud_name);
      return begin_private_download(*state_, *cloud, head, resource_type, e);
    }
    e.api = "admin";
    if (cloud == nullptr) return unknown_cloud(cloud_name);
    return begin_admin_api(*state_, *cloud, head, std::vector<std::string>(parts.begin() + 2, parts.end()), e);
  }
  // HEAD is routed like GET (cpp-httplib hands it to the GET handlers and sends no body), so
  // a HEAD on a delivery URL answers GET's status, Content-Type and Content-Length.
  if ((is_delivery_path(head.path) || is_root_delivery_path(state_->options.accounts, head.path)) &&
      (head.method == "GET" || head.method == "HEAD")) {
    return begin_delivery(*state_, head, e);
  }
  return std::make_unique<FixedExchange>(
      cloudinary_error(404, "cldcert mock: no Cloudinary endpoint at " + head.method + " " + head.path));
}

HttpResponse MockCloudinary::handle(HttpRequestHead head, std::string_view body) {
  auto exchange = begin(std::move(head));
  exchange->on_body(body.data(), body.size());
  return exchange->finish();
}

}  // namespace cldcert::mock
