#include "harness/steps/mock_steps.h"

#include <httplib.h>

#include <chrono>
#include <fstream>
#include <optional>

#include "harness/checks/printed_urls.h"
#include "harness/delivery_probe.h"
#include "harness/fixture_files.h"
#include "harness/live/live_run.h"
#include "mocks/asset_json.h"
#include "mocks/digest.h"
#include "mocks/faults.h"
#include "mocks/utc_time.h"

namespace cldcert {
namespace {

std::string arg(const HarnessStepArgs& args, const std::string& name, std::string fallback = "") {
  auto it = args.find(name);
  return it == args.end() ? fallback : it->second;
}

// "25", or "24+1": how "{limits.max_listed}+1" arrives, resolved.
std::optional<std::uint64_t> count_of(const std::string& written) {
  auto number = [](const std::string& digits) -> std::optional<std::uint64_t> {
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
      return std::nullopt;
    return std::stoull(digits);
  };
  const std::size_t plus = written.find('+');
  const auto base = number(written.substr(0, plus));
  const auto more = plus == std::string::npos ? std::optional<std::uint64_t>(0) : number(written.substr(plus + 1));
  if (!base || !more) return std::nullopt;
  return *base + *more;
}

}  // namespace

// The rule goes through the control API's parser, so a step and a POST /__cldcert/faults accept
// and refuse the same things; the mock writes Cloudinary's body and headers (mock::fault_response).
HarnessStepResult install_fault(const HarnessStepArgs& args, const HarnessStepContext& context) {
  if (arg(args, "family").empty() && arg(args, "path").empty()) {
    return {"cldcert.fault needs a family (upload, delete, admin, delivery) or a path glob", nullptr};
  }
  nlohmann::json json = {{"method", arg(args, "method", "*")},
                         {"path", arg(args, "path", "*")},
                         {"status", std::stoi(arg(args, "status", "0"))},
                         {"latency_ms", std::stoi(arg(args, "latency_ms", "0"))},
                         {"from", std::stoi(arg(args, "from", "1"))},
                         {"to", std::stoi(arg(args, "to", "0"))}};
  if (auto family = arg(args, "family"); !family.empty()) json["family"] = family;
  auto retry_after = arg(args, "retry_after");
  // A server that sends Retry-After; Cloudinary is not known to, so only a scenario that asks gets one.
  if (!retry_after.empty()) json["headers"] = {{"Retry-After", retry_after}};
  if (auto reset_in = arg(args, "reset_in", retry_after); !reset_in.empty()) json["reset_in"] = std::stoi(reset_in);
  std::string error;
  auto rule = mock::fault_rule_from_json(json, &error);
  if (!rule) return {"cldcert.fault: " + error, nullptr};
  std::string id = context.mock.state().faults.add(*rule);
  return {"",
          {{"fault", id},
           {"family", rule->family},
           {"path", rule->path},
           {"status", rule->status},
           {"latency_ms", rule->latency_ms}}};
}

// Assets another user put in the cloud (the Media Library, another site): tiny PNGs stored as an
// upload would store them, so the Admin API lists them with every field it lists for an upload.
HarnessStepResult fill_cloud(const HarnessStepArgs& args, const HarnessStepContext& context) {
  const std::string resource_type = arg(args, "resource_type", "image");
  if (resource_type != "image") return {"cldcert.fill_cloud makes image assets only, not " + resource_type, nullptr};
  const auto until = count_of(arg(args, "until"));
  if (!until)
    return {
        "cldcert.fill_cloud: until: expected a count such as \"25\" or \"24+1\", found \"" + arg(args, "until") + "\"",
        nullptr};
  const std::string& cloud = context.cloud.cloud_name;
  auto& store = context.mock.store();
  std::uint64_t held = 0;
  for (const auto& asset : store.list(cloud)) held += asset.resource_type == resource_type ? 1 : 0;
  if (held > *until)
    return {"cldcert.fill_cloud: the cloud " + cloud + " already holds " + std::to_string(held) + " " + resource_type +
                " assets, more than " + std::to_string(*until),
            nullptr};
  const std::uint64_t added = *until - held;
  auto& state = context.mock.state();
  for (std::uint64_t i = 0; i < added; ++i) {
    const std::string png = make_png(4, 4, held + i + 1);
    mock::Asset asset;
    asset.public_id = "cldcert_filled/" + state.ids.hex(12);
    asset.resource_type = resource_type;
    asset.type = "upload";
    asset.format = "png";
    asset.width = asset.height = 4;
    const std::int64_t now_ms = state.now_unix_ms();
    asset.version = now_ms / 1000;
    asset.version_id = state.ids.hex(32);
    asset.asset_id = state.ids.hex(32);
    asset.created_at = mock::iso8601_utc(now_ms, false);
    asset.bytes = png.size();
    asset.sha256 = mock::sha256_hex(png);
    asset.etag = asset.sha256.substr(0, 32);
    asset.display_name = asset.public_id.substr(asset.public_id.find('/') + 1);
    asset.file = store.new_blob_path();
    std::ofstream(asset.file, std::ios::binary) << png;
    store.put(cloud, std::move(asset));
  }
  return {"", {{"cloud", cloud}, {"resource_type", resource_type}, {"held", *until}, {"added", added}}};
}

HarnessStepResult define_named_transformation(const HarnessStepArgs& args, const HarnessStepContext& context) {
  std::string name = arg(args, "name");
  if (name.starts_with("t_")) name = name.substr(2);
  // Live: defined in the real cloud first (and deleted with what the run created), the shadow following.
  if (context.live != nullptr) {
    if (auto problem = context.live->define_named_transformation(context.cloud, name, arg(args, "transformation"));
        !problem.empty())
      return {problem, nullptr};
  }
  context.mock.store().put_named_transformation(context.cloud.cloud_name, name, arg(args, "transformation"));
  return {"", {{"named_transformation", "t_" + name}, {"cloud", context.cloud.cloud_name}}};
}

namespace {

// A live run's delivery, straight from the CDN (the harness's own requests: not journaled, not the
// integration's): HEAD for its status and size, then ranged GETs of its first and last kDeliveryProbeBytes,
// never the whole of it (the large-files delivery is 1.1 GiB of the partner's bandwidth). A range the CDN
// answers 200 (Range ignored) is read no further than its bytes: the head is hashed from that prefix, the
// tail cannot be had and has no sha256. upload.integrity judges {url, status, bytes, ranges, via: "cdn"}.
HarnessStepResult probe_live_delivery(const std::string& url, const std::string& target,
                                      const live::UpstreamForwarder& upstream) {
  const mock::HeaderList agent = {{"User-Agent", live::kLiveUserAgent}};
  const auto head = upstream.fetch(live::upstream_head("HEAD", target, agent), 0);
  if (!head.failure.empty()) return {"cldcert.get " + url + ": HEAD: " + head.failure, nullptr};
  nlohmann::json out = {{"url", url}, {"status", head.response.status}, {"via", "cdn"}};
  nlohmann::json ranges = nlohmann::json::array();
  if (head.response.status == 200 && head.content_length) {
    out["bytes"] = *head.content_length;
    for (const mock::ByteRange& range : delivery_probe_ranges(*head.content_length)) {
      mock::HeaderList headers = agent;
      headers.emplace_back("Range", "bytes=" + std::to_string(range.first) + "-" + std::to_string(range.last));
      const auto got = upstream.fetch(live::upstream_head("GET", target, headers), range.length());
      if (!got.failure.empty()) return {"cldcert.get " + url + ": GET of a range: " + got.failure, nullptr};
      nlohmann::json one = {{"first", range.first}, {"last", range.last}, {"status", got.response.status}};
      const bool whole_prefix = got.response.status == 200 && range.first == 0;
      if (got.response.status == 206 || whole_prefix) {
        one["bytes"] = got.response.body.size();
        one["sha256"] = mock::sha256_hex(got.response.body);
      }
      ranges.push_back(std::move(one));
    }
  }
  out["ranges"] = std::move(ranges);
  return {"", out};
}

}  // namespace

// Mock runs fetch the whole delivery, hashed as it streams (it may be a 1 GiB original): the strongest
// evidence, and free. A live run probes it from the CDN instead (probe_live_delivery).
HarnessStepResult fetch_delivery_url(const HarnessStepArgs& args, const HarnessStepContext& context) {
  std::string url = arg(args, "url");
  const std::optional<std::string> target = delivery_host_target(url);
  if (!target) {
    return {
        "cldcert.get can fetch only https://" + std::string(mock::kDeliveryHost) + "/… URLs from the mock, not " + url,
        nullptr};
  }
  const std::string& path = *target;
  if (context.live != nullptr) return probe_live_delivery(url, path, context.live->upstream());

  httplib::Client client(context.mock_url);
  client.set_read_timeout(std::chrono::minutes(10));
  mock::StreamingDigest digest;
  std::uint64_t bytes = 0;
  auto response = client.Get(path, [&](const char* data, std::size_t n) {
    digest.update(data, n);
    bytes += n;
    return true;
  });
  if (!response) return {"cldcert.get " + url + ": " + httplib::to_string(response.error()), nullptr};
  return {"", {{"url", url}, {"status", response->status}, {"bytes", bytes}, {"sha256", digest.final_hex()}}};
}

}  // namespace cldcert
