// Transport-neutral HTTP request head and response: the mock's core speaks these,
// so it runs in-process, under cpp-httplib, or in unit tests without a socket.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "mocks/byte_range.h"

namespace cldcert::mock {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequestHead {
  std::string method;
  std::string path;         // percent-decoded, without the query
  std::string query;        // raw query string, without '?'
  std::string target;       // path and query exactly as sent (still percent-encoded); "" = path?query
  HeaderList query_params;  // decoded, in order
  HeaderList headers;       // in arrival order
  std::string remote_address;
  std::string scheme = "http";  // as the client spoke it: "https" when a TLS front terminated it
  std::string sni;              // the TLS server name the client sent, "" without TLS or SNI
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  HeaderList headers;
  std::string body;
  // When set, the body is this file's bytes (served as a stream, never loaded whole).
  std::filesystem::path body_file;
  // With body_file: only these bytes of it (a 206's single range), streamed from there.
  std::optional<ByteRange> body_file_range;
  // A fault asked to cut the connection instead of answering.
  bool drop_connection = false;
};

// First header with that name (case-insensitive), or "" when absent.
std::string_view header_value(const HeaderList& headers, std::string_view name);

// A JSON answer; text that is not valid UTF-8 is replaced (U+FFFD) rather than thrown on.
HttpResponse json_response(const nlohmann::json& body, int status = 200);
// Cloudinary's error shape: {"error":{"message":"..."}}.
HttpResponse cloudinary_error(int status, std::string_view message);

std::string percent_decode(std::string_view encoded, bool plus_is_space);
// Splits "a=1&b=2" into decoded pairs, keeping order and repeats.
HeaderList parse_query_string(std::string_view query);
// A decoded path's segments, empty ones dropped: "/v1_1//demo/" → {"v1_1", "demo"}. How the mock routes a
// request, and how a live run tells whose cloud a request is for.
std::vector<std::string> path_segments(std::string_view path);

}  // namespace cldcert::mock
