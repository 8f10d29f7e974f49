#include "harness/platform_name.h"

#include <algorithm>

namespace cldcert {

const char* const kPlatformNameRule =
    "a platform name of letters, digits, '.', '-' or '_', words separated by single spaces (the User-Agent's "
    "product token is Cloudinary + the name without its spaces, its comment the name as written)";

bool is_platform_name(std::string_view name) {
  if (name.empty() || name.front() == ' ' || name.back() == ' ' || name.find("  ") != std::string_view::npos)
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_' || c == ' ';
  });
}

std::string platform_token(std::string_view name) {
  std::string out;
  for (char c : name)
    if (c != ' ') out.push_back(c);
  return out;
}

std::string expected_user_agent_prefix(std::string_view platform_name, std::string_view platform_version,
                                       std::string_view integration_version) {
  return "Cloudinary" + platform_token(platform_name) + "/" + std::string(integration_version) + " (" +
         std::string(platform_name) + " " + std::string(platform_version) + ")";
}

bool names_platform(std::string_view value, std::string_view platform_name, std::string_view platform_version) {
  const bool named = value.find(platform_name) != std::string_view::npos ||
                     value.find(platform_token(platform_name)) != std::string_view::npos;
  return named && value.find(platform_version) != std::string_view::npos;
}

}  // namespace cldcert
