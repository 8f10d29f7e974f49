#include "harness/steps/mock_steps.h"

#include <httplib.h>

#include <chrono>
#include <ctime>

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

}  // namespace

HarnessStepResult install_fault(const HarnessStepArgs& args, const HarnessStepContext& context) {
  mock::FaultRule rule;
  rule.method = arg(args, "method", "*");
  rule.path = arg(args, "path");
  rule.status = std::stoi(arg(args, "status"));
  rule.from_match = std::stoi(arg(args, "from", "1"));
  rule.to_match = std::stoi(arg(args, "to", "0"));
  if (auto retry_after = arg(args, "retry_after"); !retry_after.empty()) {
    rule.headers.emplace_back("Retry-After", retry_after);
    // What Cloudinary sends with a 420: the quota and when it resets.
    if (rule.status == 420 || rule.status == 429) {
      rule.headers.emplace_back("X-FeatureRateLimit-Limit", "500");
      rule.headers.emplace_back("X-FeatureRateLimit-Remaining", "0");
      rule.headers.emplace_back("X-FeatureRateLimit-Reset",
                                mock::http_date(std::time(nullptr) + std::stoi(retry_after)));
    }
  }
  std::string id = context.mock.state().faults.add(rule);
  return {"", {{"fault", id}, {"path", rule.path}, {"status", rule.status}}};
}

HarnessStepResult define_named_transformation(const HarnessStepArgs& args, const HarnessStepContext& context) {
  std::string name = arg(args, "name");
  if (name.starts_with("t_")) name = name.substr(2);
  context.mock.store().put_named_transformation(context.cloud.cloud_name, name, arg(args, "transformation"));
  return {"", {{"named_transformation", "t_" + name}, {"cloud", context.cloud.cloud_name}}};
}

// The body is hashed as it streams: it may be a 1 GiB original.
HarnessStepResult fetch_delivery_url(const HarnessStepArgs& args, const HarnessStepContext& context) {
  std::string url = arg(args, "url");
  const std::string secure = std::string("https://") + mock::kDeliveryHost + "/";
  const std::string plain = std::string("http://") + mock::kDeliveryHost + "/";
  std::string path;
  if (url.starts_with(secure))
    path = url.substr(secure.size() - 1);
  else if (url.starts_with(plain))
    path = url.substr(plain.size() - 1);
  else
    return {"cldcert.get can fetch only " + secure + "… URLs from the mock, not " + url, nullptr};

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
