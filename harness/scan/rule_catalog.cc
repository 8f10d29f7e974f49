#include "harness/scan/rule_catalog.h"

namespace cldcert::scan {
namespace {

constexpr std::string_view kRotateKnown =
    "This is one of the secrets you asked to look for: rotate it in the Cloudinary console, then remove "
    "it from the file (and from git history, or treat the history as public).";
constexpr std::string_view kRotateUnknown =
    "Rotate the API secret in the Cloudinary console, then read it at run time from the environment or "
    "a secret store instead of the file.";

}  // namespace

const std::vector<RuleInfo>& rule_catalog() {
  static const std::vector<RuleInfo> rules = {
      {"known-secret/plain", "A known API secret, as is.", kRotateKnown},
      {"known-secret/url-encoded", "A known API secret, percent-encoded.", kRotateKnown},
      {"known-secret/json-escaped", "A known API secret, JSON/JS string-escaped.", kRotateKnown},
      {"known-secret/escaped",
       "A known API secret with some or all characters as string escapes (\\uXXXX, \\xXX, \\NNN) or HTML entities.",
       kRotateKnown},
      {"known-secret/hex", "A known API secret, hex-encoded.", kRotateKnown},
      {"known-secret/base64", "A known API secret inside base64 (standard or URL-safe, any alignment).", kRotateKnown},
      {"known-secret/cloudinary-url", "A known API secret inside a cloudinary://KEY:SECRET@CLOUD URL.", kRotateKnown},
      {"cloudinary-url", "A cloudinary://KEY:SECRET@CLOUD URL with a real-looking secret.", kRotateUnknown},
      {"cloudinary-key-secret-pair", "A 15-digit API key and a 27-character API secret near the word cloudinary.",
       kRotateUnknown},
      {"secret-assignment", "An api_secret-style setting with a literal, random-looking value.", kRotateUnknown},
  };
  return rules;
}

const RuleInfo* find_rule(std::string_view id) {
  for (const auto& rule : rule_catalog()) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

}  // namespace cldcert::scan
