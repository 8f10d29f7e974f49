#include "harness/checks/secret_traffic_check.h"

#include "mocks/http_types.h"

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
    if (mock::iequals(name, "Authorization") && authorization_allowed(e)) continue;
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
  CheckResult r;
  r.id = "secret.traffic";
  r.expected = "the API secret only inside server-side Basic auth to the Admin API, never as a parameter, URL or other header";
  std::size_t scanned = 0;
  for (const auto& e : input.journal) {
    if (e.api == "control") continue;
    ++scanned;
    for (const auto& place : leak_places(e, input.redactor)) {
      if (r.verdict != Verdict::kFail) r.seen = "secret in " + place + " of " + describe_request(e);
      r.verdict = Verdict::kFail;
      r.evidence.push_back(request_evidence(e));
      r.evidence.back().detail += " — " + place;
    }
  }
  if (r.verdict == Verdict::kFail) {
    r.message = "the API secret was sent over the wire: " + r.seen +
                (r.evidence.size() > 1 ? " (and " + std::to_string(r.evidence.size() - 1) + " more)" : "");
    r.hint = "Never send api_secret: sign requests server-side (the SDK does it from its configuration) and send only "
             "api_key, timestamp and signature.";
    return r;
  }
  r.message = "no secret in any of " + std::to_string(scanned) + " request(s)";
  return r;
}

}  // namespace cldcert
