#include "harness/harness_steps.h"

#include <httplib.h>

#include <chrono>
#include <ctime>

#include "mocks/asset_json.h"
#include "mocks/digest.h"
#include "mocks/faults.h"

namespace cldcert {
namespace {

constexpr std::string_view kFault = "cldcert.fault";
constexpr std::string_view kNamed = "cldcert.named_transformation";
constexpr std::string_view kGet = "cldcert.get";

std::optional<int> whole_number(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  int n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::string arg(const std::map<std::string, std::string>& args, const std::string& name, std::string fallback = "") {
  auto it = args.find(name);
  return it == args.end() ? fallback : it->second;
}

// "Sat, 28 Nov 2026 22:00:01 GMT", as X-FeatureRateLimit-Reset carries it.
std::string http_date_in(int seconds) {
  std::time_t t = std::time(nullptr) + seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

HarnessStepResult install_fault(const std::map<std::string, std::string>& args, mock::MockCloudinary& mock) {
  mock::FaultRule rule;
  rule.method = arg(args, "method", "*");
  rule.path = arg(args, "path");
  rule.status = *whole_number(arg(args, "status"));
  rule.from_match = *whole_number(arg(args, "from", "1"));
  rule.to_match = *whole_number(arg(args, "to", "0"));
  if (auto retry_after = arg(args, "retry_after"); !retry_after.empty()) {
    int seconds = *whole_number(retry_after);
    rule.headers.emplace_back("Retry-After", retry_after);
    // What Cloudinary sends with a 420: the quota and when it resets.
    if (rule.status == 420 || rule.status == 429) {
      rule.headers.emplace_back("X-FeatureRateLimit-Limit", "500");
      rule.headers.emplace_back("X-FeatureRateLimit-Remaining", "0");
      rule.headers.emplace_back("X-FeatureRateLimit-Reset", http_date_in(seconds));
    }
  }
  std::string id = mock.state().faults.add(rule);
  return {"", {{"fault", id}, {"path", rule.path}, {"status", rule.status}}};
}

HarnessStepResult define_named(const std::map<std::string, std::string>& args, mock::MockCloudinary& mock,
                               const mock::Cloud& cloud) {
  std::string name = arg(args, "name");
  if (name.starts_with("t_")) name = name.substr(2);
  mock.store().put_named_transformation(cloud.cloud_name, name, arg(args, "transformation"));
  return {"", {{"named_transformation", "t_" + name}, {"cloud", cloud.cloud_name}}};
}

// GETs a res.cloudinary.com URL from the mock, hashing the body as it streams (it may be a 1 GiB original).
HarnessStepResult fetch(const std::map<std::string, std::string>& args, const std::string& mock_url) {
  std::string url = arg(args, "url");
  std::string prefix = std::string("https://") + mock::kDeliveryHost + "/";
  std::string plain = std::string("http://") + mock::kDeliveryHost + "/";
  std::string path;
  if (url.starts_with(prefix)) path = url.substr(prefix.size() - 1);
  else if (url.starts_with(plain)) path = url.substr(plain.size() - 1);
  else return {"cldcert.get can fetch only " + prefix + "… URLs from the mock, not " + url, nullptr};

  httplib::Client client(mock_url);
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

}  // namespace

const std::vector<std::string>& harness_step_actions() {
  static const std::vector<std::string> kActions{std::string(kFault), std::string(kNamed), std::string(kGet)};
  return kActions;
}

bool is_harness_step(std::string_view action) { return action.starts_with("cldcert."); }

std::vector<std::string> harness_step_problems(std::string_view action, const std::map<std::string, std::string>& args) {
  std::vector<std::string> problems;
  auto need = [&](const std::string& name, const std::string& expected, bool number) {
    auto it = args.find(name);
    if (it == args.end()) problems.push_back("args/" + name + ": expected " + expected + ", found nothing");
    else if (number && !whole_number(it->second)) problems.push_back("args/" + name + ": expected " + expected + ", found \"" + it->second + "\"");
  };
  auto may = [&](const std::string& name, const std::string& expected) {
    if (args.count(name)) need(name, expected, true);
  };
  if (action == kFault) {
    need("path", "a path glob such as \"/v1_1/*/image/upload\"", false);
    need("status", "an HTTP status such as \"420\"", true);
    may("from", "the first matching request to act on, a whole number");
    may("to", "the last matching request to act on, a whole number");
    may("retry_after", "seconds until the limit resets, a whole number");
  } else if (action == kNamed) {
    need("name", "a named transformation's name", false);
    need("transformation", "its definition, such as \"c_fill,w_150,h_150\"", false);
  } else if (action == kGet) {
    need("url", "a delivery URL, usually \"{last.url}\"", false);
  } else {
    std::string known;
    for (const auto& a : harness_step_actions()) known += (known.empty() ? "" : ", ") + a;
    problems.push_back("action: expected a harness step (" + known + "), found \"" + std::string(action) + "\"");
  }
  return problems;
}

HarnessStepResult run_harness_step(std::string_view action, const std::map<std::string, std::string>& args,
                                   mock::MockCloudinary& mock, const mock::Cloud& cloud, const std::string& mock_url) {
  if (auto problems = harness_step_problems(action, args); !problems.empty()) return {problems.front(), nullptr};
  if (action == kFault) return install_fault(args, mock);
  if (action == kNamed) return define_named(args, mock, cloud);
  return fetch(args, mock_url);
}

}  // namespace cldcert
