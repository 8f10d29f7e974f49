#include "harness/steps/mock_steps.h"

#include <httplib.h>

#include <chrono>

#include "mocks/asset_json.h"
#include "mocks/digest.h"
#include "mocks/faults.h"

namespace cldcert {
namespace {

std::string arg(const HarnessStepArgs& args, const std::string& name, std::string fallback = "") {
  auto it = args.find(name);
  return it == args.end() ? fallback : it->second;
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
                         {"status", std::stoi(arg(args, "status"))},
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
  return {"", {{"fault", id}, {"family", rule->family}, {"path", rule->path}, {"status", rule->status}}};
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
