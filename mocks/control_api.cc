#include "mocks/control_api.h"

#include <nlohmann/json.hpp>

namespace cldcert::mock {
namespace {

HttpResponse json_response(const nlohmann::json& body) {
  HttpResponse response;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

HttpResponse control_response(MockState& state, const HttpRequestHead& head) {
  std::string_view route = std::string_view(head.path).substr(kControlPrefix.size());
  if (route == "health" && head.method == "GET") return json_response({{"status", "ok"}});
  if (route == "journal" && head.method == "GET") {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& entry : state.journal.entries()) entries.push_back(entry);
    return json_response({{"entries", entries}});
  }
  if (route == "journal" && head.method == "DELETE") {
    state.journal.clear();
    return json_response({{"status", "cleared"}});
  }
  return cloudinary_error(404, "cldcert control API: no route " + head.method + " " + head.path +
                                   " (known: GET health, GET journal, DELETE journal)");
}

}  // namespace

std::unique_ptr<Exchange> begin_control_api(MockState& state, const HttpRequestHead& head) {
  return std::make_unique<FixedExchange>(control_response(state, head));
}

}  // namespace cldcert::mock
