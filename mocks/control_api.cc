#include "mocks/control_api.h"

#include <nlohmann/json.hpp>

#include "mocks/bounded_json.h"
#include "mocks/har_export.h"
#include "mocks/widget_shims.h"

namespace cldcert::mock {
namespace {

HttpResponse control_response(MockState& state, const HttpRequestHead& head, std::string_view body) {
  std::string_view route = std::string_view(head.path).substr(kControlPrefix.size());
  const std::string& m = head.method;
  if (route == "health" && m == "GET") return json_response({{"status", "ok"}});
  if (route == "journal" && m == "GET") {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& entry : state.journal.entries()) entries.push_back(entry);
    return json_response({{"entries", entries}});
  }
  if (route == "journal" && m == "DELETE") {
    state.journal.clear();
    return json_response({{"status", "cleared"}});
  }
  if (route == "har" && m == "GET") {
    // Evidence for people: secrets of every account redacted in every encoding.
    HarOptions options{state.options.accounts.all_secrets(), ""};
    return json_response(journal_to_har(state.journal.entries(), options));
  }
  if (route == "reset" && m == "POST") {
    state.journal.clear();
    state.faults.clear();
    state.store.reset(state.options.accounts);
    state.admin_rate_limits.reset();
    return json_response({{"status", "reset"}});
  }
  if (route == "faults" && m == "GET") {
    nlohmann::json rules = nlohmann::json::array();
    for (const auto& rule : state.faults.rules()) rules.push_back(fault_rule_to_json(rule));
    return json_response({{"faults", rules}});
  }
  if (route == "faults" && m == "DELETE") {
    state.faults.clear();
    return json_response({{"status", "cleared"}});
  }
  if (route == "faults" && m == "POST") {
    ParsedJson parsed = parse_json_text(body);
    std::string error = parsed.exceeds_limit() ? "body: " + parsed.error : "";
    auto rule = parsed.error.empty() ? fault_rule_from_json(parsed.doc, &error) : std::nullopt;
    if (!rule)
      return cloudinary_error(400,
                              "cldcert control API: bad fault rule: " + (error.empty() ? "body is not JSON" : error));
    return json_response({{"id", state.faults.add(*rule)}}, 201);
  }
  if (route == "rate_limits" && m == "POST") {
    auto json = parse_json_text(body).doc;
    if (!json.is_object() || !json.contains("cloud") || !json["cloud"].is_string() ||
        !json.contains("limit_per_hour") || !json["limit_per_hour"].is_number_integer() ||
        json["limit_per_hour"].get<std::int64_t>() < 0) {
      return cloudinary_error(400, "cldcert control API: expected {\"cloud\": NAME, \"limit_per_hour\": N >= 0}");
    }
    state.admin_rate_limits.set_limit(json["cloud"].get<std::string>(), json["limit_per_hour"].get<std::int64_t>());
    return json_response({{"status", "set"}});
  }
  if (route == "widgets" && m == "GET") {
    // The browser step asks here for every URL a widget page loads from Cloudinary's widget hosts.
    std::string url(header_value(head.query_params, "url"));
    auto shim = widget_shim_for_url(url);
    if (!shim) return cloudinary_error(404, "cldcert control API: no widget shim for " + url);
    HttpResponse out;
    out.content_type = shim->content_type;
    out.headers.emplace_back("X-Cldcert-Widget", shim->widget);
    out.body = std::move(shim->body);
    return out;
  }
  return cloudinary_error(404, "cldcert control API: no route " + m + " " + head.path +
                                   " (known: GET health, GET|DELETE journal, GET har, POST reset, "
                                   "GET|POST|DELETE faults, POST rate_limits, GET widgets?url=)");
}

}  // namespace

std::unique_ptr<Exchange> begin_control_api(MockState& state, const HttpRequestHead& head) {
  return std::make_unique<BufferedExchange>(
      [&state, head](std::string_view body) { return control_response(state, head, body); });
}

}  // namespace cldcert::mock
