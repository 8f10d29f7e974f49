#include "mocks/http_types.h"

#include <nlohmann/json.hpp>

#include "mocks/text.h"

namespace cldcert::mock {

std::string_view header_value(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (text::iequals(key, name)) return value;
  }
  return {};
}

HttpResponse json_response(const nlohmann::json& body, int status) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

HttpResponse cloudinary_error(int status, std::string_view message) {
  HttpResponse response;
  response.status = status;
  response.body =
      nlohmann::json{{"error", {{"message", message}}}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

std::string percent_decode(std::string_view encoded, bool plus_is_space) {
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    char c = encoded[i];
    if (c == '%' && i + 2 < encoded.size()) {
      int hi = text::hex_value(encoded[i + 1]), lo = text::hex_value(encoded[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::vector<std::string> path_segments(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) parts.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

HeaderList parse_query_string(std::string_view query) {
  HeaderList pairs;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (piece.empty()) continue;
    std::size_t eq = piece.find('=');
    std::string_view key = piece.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1);
    pairs.emplace_back(percent_decode(key, true), percent_decode(value, true));
  }
  return pairs;
}

}  // namespace cldcert::mock
