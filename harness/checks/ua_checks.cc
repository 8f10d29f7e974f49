#include "harness/checks/ua_checks.h"

#include <map>
#include <regex>
#include <set>

#include "harness/manifest.h"
#include "harness/platform_name.h"
#include "harness/semver.h"

namespace cldcert {
namespace {

// The SDK tokens Cloudinary's own SDKs send (from their sources); an integration that
// talks HTTP itself fills the slot with its own token.
const std::set<std::string>& known_sdk_products() {
  static const std::set<std::string> kProducts = {
      "CloudinaryNodeJS",  "CloudinaryPHP",   "CloudinaryPython",  "CloudinaryJava",    "CloudinaryRuby",
      "CloudinaryDotNet",  "CloudinaryGo",    "CloudinaryJS",      "CloudinaryAndroid", "CloudinaryiOS",
      "CloudinarySwift",   "CloudinaryScala", "CloudinaryCLI",     "CloudinaryDart",    "CloudinaryKotlin",
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
  static const std::regex kShape(
      R"(^Cloudinary([A-Za-z0-9._-]+)/(\S+) \(([^()]*)\) ([A-Za-z][A-Za-z0-9._-]*)/(\S+)(?: .*)?$)");
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
  if (requests.empty()) return skipped_check(kNoApiRequest);
  const Manifest& m = input.manifest;
  const std::string expected_prefix =
      expected_user_agent_prefix(m.platform_name, m.platform_version, m.integration_version);
  const std::string token = platform_token(m.platform_name);
  Findings f(expected_prefix + " <SDK>/<version>");
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
    } else if (parsed->platform_token != token) {
      problem = "platform token 'Cloudinary" + parsed->platform_token + "' should be 'Cloudinary" + token + "'";
    } else if (parsed->plugin_version != m.integration_version) {
      problem =
          "integration version " + parsed->plugin_version + " differs from the manifest's " + m.integration_version;
    } else if (parsed->platform_comment != m.platform_name + " " + m.platform_version) {
      problem = "'(" + parsed->platform_comment + ")' should be '(" + m.platform_name + " " + m.platform_version + ")'";
    }
    if (!problem.empty()) {
      wrong[ua].push_back(e);
      why[ua] = problem;
    }
  }
  if (wrong.empty()) {
    f.saw(user_agent_of(*requests[0]));
    return f.pass(std::to_string(requests.size()) + " API request(s), all with User-Agent '" +
                  user_agent_of(*requests[0]) + "'");
  }
  // One finding per distinct wrong User-Agent, shown by its first three requests; `seen` lists them all.
  std::size_t bad = 0;
  std::string seen;
  for (const auto& [ua, entries] : wrong) {
    bad += entries.size();
    const std::string finding = "'" + ua + "' (" + why[ua] + ") on " + std::to_string(entries.size()) + " request(s)";
    seen += (seen.empty() ? "" : "; ") + finding;
    std::vector<Evidence> shown;
    for (std::size_t i = 0; i < entries.size() && i < 3; ++i) shown.push_back(request_evidence(*entries[i]));
    f.add(finding, std::move(shown));
  }
  f.saw(seen);
  auto sdk = sdk_token(wrong.begin()->first);
  f.closest(expected_prefix + " " + (sdk ? *sdk : std::string("<SDK>/<version>")));
  return f.fail(
      std::to_string(bad) + " of " + std::to_string(requests.size()) +
          " API request(s) lack the partner User-Agent: " + seen,
      "Set the SDK's user platform before any call, e.g. in Node: cloudinary.utils.userPlatform = '" + expected_prefix +
          "' (PHP: BaseApiClient::$userPlatform; Magento builds it from 'CloudinaryMagento/%s (Magento %s)').");
}

CheckResult check_ua_sdk(const CheckInput& input) {
  auto requests = api_requests(input);
  if (requests.empty()) return skipped_check(kNoApiRequest);
  Findings f("a Cloudinary SDK token such as CloudinaryNodeJS/<version> or CloudinaryPHP/<version>");
  for (const auto* e : requests) {
    std::string ua = user_agent_of(*e);
    if (!sdk_token(ua)) {
      f.add(ua.empty() ? "no User-Agent" : "'" + ua + "'", request_evidence(*e));
      return f.fail(
          "requests are not made through a Cloudinary SDK: " + f.seen(),
          "Use Cloudinary's SDK for your platform (it signs requests, chunks large uploads and retries for you).");
    }
  }
  f.saw(*sdk_token(user_agent_of(*requests[0])));
  return f.pass("every API request names a Cloudinary SDK (" + f.seen() + ")");
}

CheckResult check_ua_consistent(const CheckInput& input) {
  auto requests = api_requests(input);
  if (requests.size() < 2) return skipped_check("fewer than two API requests in this scenario");
  const std::string first = user_agent_of(*requests.front());
  Findings f("one User-Agent on every API request of the run: '" + first + "'");
  // Each request with another User-Agent is a finding; the evidence names each other User-Agent
  // once, with the first request that carried it.
  std::map<std::string, const mock::JournalEntry*> others;
  for (const auto* e : requests) {
    std::string ua = user_agent_of(*e);
    if (ua == first) continue;
    std::vector<Evidence> shown;
    if (others.emplace(ua, e).second) {
      shown.push_back(request_evidence(*e));
      shown.back().detail += ": User-Agent '" + ua + "'";
    }
    f.add("'" + ua + "' on " + describe_request(*e) + ", besides '" + first + "'", std::move(shown));
  }
  if (!others.empty()) {
    // The first other User-Agent in order, whichever request showed it first.
    f.saw("'" + others.begin()->first + "' on " + describe_request(*others.begin()->second) + ", besides '" + first +
          "'");
    f.closest(first);
  }
  return f.conclude(
      requests.size(), "API request(s)", "all with the same User-Agent", "carry a different User-Agent",
      "Configure the SDK once (one user_platform, one bundled SDK version) and make every Cloudinary call "
      "through that client, so reviewers and Cloudinary's analytics see one integration.");
}

CheckResult check_ua_version(const CheckInput& input) {
  auto requests = api_requests(input);
  if (requests.empty()) return skipped_check(kNoApiRequest);
  Findings f("a SemVer 2.0.0 release version (MAJOR.MINOR.PATCH) in Cloudinary<Platform>/<version>");
  // A finding per request; the evidence shows each version once, with the first request that had it.
  // A User-Agent without the partner shape has no version to read (ua.format's finding).
  std::set<std::string> shown_versions;
  std::size_t judged = 0;
  for (const auto* e : requests) {
    auto parsed = parse_partner_user_agent(user_agent_of(*e));
    if (!parsed) continue;
    ++judged;
    const std::string& version = parsed->plugin_version;
    if (is_semver(version)) continue;
    std::vector<Evidence> shown;
    if (shown_versions.insert(version).second) shown.push_back(request_evidence(*e));
    f.add("version '" + version + "' on " + describe_request(*e), std::move(shown));
  }
  if (judged == 0) {
    return skipped_check("no API request carried the partner User-Agent to read a version from (ua.format judges it)");
  }
  return f.conclude(judged, "API request(s) with the partner User-Agent", "each with a SemVer 2.0.0 version",
                    "carry a version that is not SemVer 2.0.0",
                    "Report the release's own MAJOR.MINOR.PATCH (https://semver.org), e.g. 1.4.0, without a 'v' "
                    "prefix or a build date.");
}

}  // namespace cldcert
