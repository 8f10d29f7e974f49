// A host platform's display name ("Adobe Commerce") and the product token a User-Agent makes of it
// ("CloudinaryAdobeCommerce"): one rule for the manifest, ua.format and the widget's integration.platform.
#pragma once

#include <string>
#include <string_view>

namespace cldcert {

// Letters, digits, '.', '-', '_' and single spaces between words: what a product token (without the
// spaces) and a User-Agent comment (with them) can both carry. No parentheses: they end a comment.
bool is_platform_name(std::string_view name);
extern const char* const kPlatformNameRule;

// The name as it appears in the User-Agent's product token: its spaces removed
// ("Salesforce Commerce Cloud" → "SalesforceCommerceCloud").
std::string platform_token(std::string_view name);

// "<token>/<integration version> (<display name> <platform version>)" with "Cloudinary" in front:
// the part of the User-Agent before the SDK's token.
std::string expected_user_agent_prefix(std::string_view platform_name, std::string_view platform_version,
                                       std::string_view integration_version);

// Whether a widget's integration.platform names the platform: its display name or its token, and
// its version.
bool names_platform(std::string_view value, std::string_view platform_name, std::string_view platform_version);

}  // namespace cldcert
