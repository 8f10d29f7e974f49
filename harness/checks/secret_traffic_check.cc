#include "harness/checks/secret_traffic_check.h"

#include "mocks/har_export.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

bool contains_secret(const std::string& text, const std::vector<std::string>& secrets) {
  // On a raw journal (the unit tests, a live proxy), the HAR redactor knows every encoding a leak
  // takes: if it changes the text, a secret is in it.
  if (redacted_secret_at(text) != std::string::npos) return true;
  return !text.empty() && mock::redact_secrets(text, secrets) != text;
}

// Basic auth with key:secret is how the Admin and Provisioning APIs are meant to be called.
bool authorization_allowed(const mock::JournalEntry& entry) {
  return entry.api == "admin" || entry.api == "provisioning";
}

std::vector<std::string> leak_places(const mock::JournalEntry& e, const std::vector<std::string>& secrets) {
  std::vector<std::string> places;
  if (contains_secret(e.path, secrets)) places.push_back("the URL path");
  for (const auto& [name, value] : e.query_params) {
    if (contains_secret(name + "=" + value, secrets)) places.push_back("query parameter '" + name + "'");
  }
  for (const auto& [name, value] : e.headers) {
    if (text::iequals(name, "Authorization") && authorization_allowed(e)) continue;
    if (contains_secret(value, secrets)) places.push_back("header '" + name + "'");
  }
  for (const auto& field : e.fields) {
    if (field.is_file) continue;
    if (contains_secret(field.name + "=" + field.value, secrets)) places.push_back("form field '" + field.name + "'");
  }
  return places;
}

}  // namespace

CheckResult check_secret_traffic(const CheckInput& input) {
  Findings f("the API secret only inside server-side Basic auth to the Admin API, never as a parameter, URL or other header");
  std::size_t scanned = 0;
  for (const auto& e : input.journal) {
    if (e.api == "control") continue;
    ++scanned;
    for (const auto& place : leak_places(e, input.secrets)) {
      Evidence evidence = request_evidence(e);
      evidence.detail += " — " + place;
      f.add("secret in " + place + " of " + describe_request(e), std::move(evidence));
    }
  }
  if (f.bad() > 0) {
    return f.fail("the API secret was sent over the wire: " + f.seen() +
                      (f.bad() > 1 ? " (and " + std::to_string(f.bad() - 1) + " more)" : ""),
                  "Never send api_secret: sign requests server-side (the SDK does it from its configuration) and send "
                  "only api_key, timestamp and signature.");
  }
  return f.pass("no secret in any of " + std::to_string(scanned) + " request(s)");
}

}  // namespace cldcert
