// T2, P3 and P4: every API call names the integration in its User-Agent
// ("Cloudinary<Platform>/<version> (<Platform> <platform version>) <SDK>/<version>").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "harness/checks/check.h"

namespace cldcert {

struct ParsedUserAgent {
  std::string platform_token;    // "Refplat" from "CloudinaryRefplat/1.2.0"
  std::string plugin_version;    // "1.2.0"
  std::string platform_comment;  // "Refplat 3.4.1" (inside the parentheses)
  std::string sdk_product;       // "CloudinaryNodeJS"
  std::string sdk_version;       // "2.11.0"
};

// nullopt when the User-Agent does not have the partner shape at all.
std::optional<ParsedUserAgent> parse_partner_user_agent(std::string_view user_agent);
// The first product token that looks like a Cloudinary SDK, wherever it stands.
std::optional<std::string> sdk_token(std::string_view user_agent);

CheckResult check_ua_format(const CheckInput& input);
CheckResult check_ua_sdk(const CheckInput& input);
// T2: the same User-Agent on every API request (one configured client, one SDK version).
CheckResult check_ua_consistent(const CheckInput& input);
// P4, where the traffic is: the version in the User-Agent is SemVer 2.0.0 (docs.version judges the
// manifest's; ua.format that the two are the same).
CheckResult check_ua_version(const CheckInput& input);

}  // namespace cldcert
