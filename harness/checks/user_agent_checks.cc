#include "harness/checks/user_agent_checks.h"

#include <map>
#include <regex>
#include <set>

#include "harness/manifest.h"

namespace cldcert {
namespace {

// The SDK tokens Cloudinary's own SDKs send (from their sources); an integration that
// talks HTTP itself fills the slot with its own token.
const std::set<std::string>& known_sdk_products() {
  static const std::set<std::string> kProducts = {
      "CloudinaryNodeJS", "CloudinaryPHP",    "CloudinaryPython", "CloudinaryJava",    "CloudinaryRuby",
      "CloudinaryDotNet", "CloudinaryGo",     "CloudinaryJS",     "CloudinaryAndroid", "CloudinaryiOS",
      "CloudinarySwift",  "CloudinaryScala",  "CloudinaryCLI",    "CloudinaryDart",    "CloudinaryKotlin",
      "CloudinaryFlutter", "CloudinaryReact", "CloudinaryAngular", "CloudinaryVue"};
  return kProducts;
}

constexpr const char* kNoApiRequest = "no Cloudinary API request was made in this scenario";

std::string user_agent_of(const mock::JournalEntry& entry) {
  return std::string(mock::header_value(entry.headers, "User-Agent"));
}

std::vector<const mock::JournalEntry*> api_requests(const CheckInput& input) {
  std::vector<const mock::JournalEntry*> out;
  for (const auto& e : input.journal) {
    if (is_api_request(e)) out.push_back(&e);
  }
  return out;
}


}  // namespace

// std::regex recurses per character: a hand-made journal with a huge header must not
// overflow the stack. Real User-Agents are far below this.
constexpr std::size_t kMaxUserAgent = 4096;

std::optional<ParsedUserAgent> parse_partner_user_agent(std::string_view user_agent) {
  if (user_agent.size() > kMaxUserAgent) return std::nullopt;
  static const std::regex kShape(R"(^Cloudinary([A-Za-z0-9._-]+)/(\S+) \(([^()]*)\) ([A-Za-z][A-Za-z0-9._-]*)/(\S+)(?: .*)?$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(user_agent.begin(), user_agent.end(), m, kShape)) return std::nullopt;
  return ParsedUserAgent{m[1].str(), m[2].str(), m[3].str(), m[4].str(), m[5].str()};
}

std::optional<std::string> sdk_token(std::string_view user_agent) {
  user_agent = user_agent.substr(0, kMaxUserAgent);
  static const std::regex kToken(R"(([A-Za-z][A-Za-z0-9._-]*)/(\S+))");
  for (std::regex_iterator<std::string_view::const_iterator> it(user_agent.begin(), user_agent.end(), kToken), end;
       it != end; ++it) {
    if (known_sdk_products().count((*it)[1].str())) return (*it)[0].str();
  }
  return std::nullopt;
}

CheckResult check_ua_format(const CheckInput& input) {
  auto requests = api_requests(input);
  if (requests.empty()) return skipped_check("ua.format", kNoApiRequest);
  const Manifest& m = input.manifest;
  std::string expected_prefix = "Cloudinary" + m.platform_name + "/" + m.integration_version + " (" +
                                m.platform_name + " " + m.platform_version + ")";
  CheckResult r;
  r.id = "ua.format";
  r.expected = expected_prefix + " <SDK>/<version>";
  // Group offenders by User-Agent: one line per distinct wrong value, with its requests.
  std::map<std::string, std::vector<const mock::JournalEntry*>> wrong;
  std::map<std::string, std::string> why;
  for (const auto* e : requests) {
    std::string ua = user_agent_of(*e);
    auto parsed = parse_partner_user_agent(ua);
    std::string problem;
    if (ua.empty()) {
      problem = "no User-Agent header";
    } else if (!parsed) {
      problem = "not of the form Cloudinary<Platform>/<version> (<Platform> <version>) <SDK>/<version>";
    } else if (parsed->platform_token != m.platform_name) {
      problem = "platform token 'Cloudinary" + parsed->platform_token + "' should be 'Cloudinary" + m.platform_name + "'";
    } else if (parsed->plugin_version != m.integration_version) {
      problem = "integration version " + parsed->plugin_version + " differs from the manifest's " + m.integration_version;
    } else if (parsed->platform_comment != m.platform_name + " " + m.platform_version) {
      problem = "'(" + parsed->platform_comment + ")' should be '(" + m.platform_name + " " + m.platform_version + ")'";
    }
    if (!problem.empty()) {
      wrong[ua].push_back(e);
      why[ua] = problem;
    }
  }
  if (wrong.empty()) {
    r.verdict = Verdict::kPass;
    r.message = std::to_string(requests.size()) + " API request(s), all with User-Agent '" + user_agent_of(*requests[0]) + "'";
    r.seen = user_agent_of(*requests[0]);
    return r;
  }
  r.verdict = Verdict::kFail;
  std::size_t bad = 0;
  for (const auto& [ua, entries] : wrong) {
    bad += entries.size();
    if (!r.seen.empty()) r.seen += "; ";
    r.seen += "'" + ua + "' (" + why[ua] + ") on " + std::to_string(entries.size()) + " request(s)";
    for (std::size_t i = 0; i < entries.size() && i < 3; ++i) r.evidence.push_back(request_evidence(*entries[i]));
  }
  r.message = std::to_string(bad) + " of " + std::to_string(requests.size()) +
              " API request(s) lack the partner User-Agent: " + r.seen;
  auto sdk = sdk_token(wrong.begin()->first);
  r.near_miss = expected_prefix + " " + (sdk ? *sdk : std::string("<SDK>/<version>"));
  r.hint = "Set the SDK's user platform before any call, e.g. in Node: cloudinary.utils.userPlatform = '" +
           expected_prefix + "' (PHP: BaseApiClient::$userPlatform; Magento builds it from 'CloudinaryMagento/%s (Magento %s)').";
  return r;
}

CheckResult check_ua_sdk(const CheckInput& input) {
  auto requests = api_requests(input);
  if (requests.empty()) return skipped_check("ua.sdk", kNoApiRequest);
  CheckResult r;
  r.id = "ua.sdk";
  r.expected = "a Cloudinary SDK token such as CloudinaryNodeJS/<version> or CloudinaryPHP/<version>";
  for (const auto* e : requests) {
    std::string ua = user_agent_of(*e);
    if (!sdk_token(ua)) {
      r.verdict = Verdict::kFail;
      r.seen = ua.empty() ? "no User-Agent" : "'" + ua + "'";
      r.message = "requests are not made through a Cloudinary SDK: " + r.seen;
      r.evidence.push_back(request_evidence(*e));
      r.hint = "Use Cloudinary's SDK for your platform (it signs requests, chunks large uploads and retries for you).";
      return r;
    }
  }
  r.verdict = Verdict::kPass;
  r.seen = *sdk_token(user_agent_of(*requests[0]));
  r.message = "every API request names a Cloudinary SDK (" + r.seen + ")";
  return r;
}

CheckResult check_ua_consistent(const CheckInput& input) {
  auto requests = api_requests(input);
  if (requests.size() < 2) return skipped_check("ua.consistent", "fewer than two API requests in this scenario");
  CheckResult r;
  r.id = "ua.consistent";
  const std::string first = user_agent_of(*requests.front());
  r.expected = "one User-Agent on every API request of the run: '" + first + "'";
  // Each other User-Agent once, with the first request that carried it.
  std::map<std::string, const mock::JournalEntry*> others;
  std::size_t bad = 0;
  for (const auto* e : requests) {
    std::string ua = user_agent_of(*e);
    if (ua == first) continue;
    ++bad;
    if (others.emplace(ua, e).second) {
      r.evidence.push_back(request_evidence(*e));
      r.evidence.back().detail += ": User-Agent '" + ua + "'";
    }
  }
  if (!others.empty()) {
    r.seen = "'" + others.begin()->first + "' on " + describe_request(*others.begin()->second) + ", besides '" + first + "'";
    r.near_miss = first;
  }
  return conclude(std::move(r), bad, requests.size(), "API request(s)", "all with the same User-Agent",
                  "carry a different User-Agent",
                  "Configure the SDK once (one user_platform, one bundled SDK version) and make every Cloudinary call "
                  "through that client, so reviewers and Cloudinary's analytics see one integration.");
}

}  // namespace cldcert
