#include "harness/checks/secret_traffic_check.h"

#include "mocks/text.h"

namespace cldcert {
namespace {

// Basic auth with key:secret is how the Admin and Provisioning APIs are meant to be called.
bool authorization_allowed(const mock::JournalEntry& entry) {
  return entry.api == "admin" || entry.api == "provisioning";
}

std::vector<std::string> leak_places(const mock::JournalEntry& e, const mock::Redactor& redactor) {
  // A judged journal holds the marker where a secret was; a raw one (the unit tests, a live proxy)
  // the secret itself, in whichever encoding: leaks_secret sees both.
  std::vector<std::string> places;
  if (redactor.leaks_secret(e.path)) places.push_back("the URL path");
  for (const auto& [name, value] : e.query_params) {
    if (redactor.leaks_secret(name + "=" + value)) places.push_back("query parameter '" + name + "'");
  }
  for (const auto& [name, value] : e.headers) {
    if (text::iequals(name, "Authorization") && authorization_allowed(e)) continue;
    if (redactor.leaks_secret(value)) places.push_back("header '" + name + "'");
  }
  for (const auto& field : e.fields) {
    if (field.is_file) continue;
    if (redactor.leaks_secret(field.name + "=" + field.value)) places.push_back("form field '" + field.name + "'");
  }
  return places;
}

}  // namespace

CheckResult check_secret_traffic(const CheckInput& input) {
  Findings f(
      "the API secret only inside server-side Basic auth to the Admin API, never as a parameter, URL or other header");
  std::size_t scanned = 0;
  for (const auto& e : input.journal) {
    if (e.api == "control") continue;
    ++scanned;
    for (const auto& place : leak_places(e, input.redactor)) {
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
