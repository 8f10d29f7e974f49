#include "mocks/har_export.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <utility>

#include "mocks/digest.h"
#include "mocks/http_types.h"
#include "mocks/percent_encode.h"
#include "mocks/text.h"
#include "mocks/utc_time.h"
#include "mocks/utf8.h"

namespace cldcert::mock {
namespace {

constexpr std::size_t npos = std::string_view::npos;

// ---------------------------------------------------------------------------------------------
// Credentials recognised by name, whatever their value.

bool is_secret_name(std::string_view raw) {
  std::string name = text::lower(raw);
  std::replace(name.begin(), name.end(), '-', '_');
  // "api_secret[]" and "options[api_secret]" name the same thing as their innermost part.
  while (name.size() >= 2 && name.ends_with("[]")) name.resize(name.size() - 2);
  if (name.ends_with(']')) {
    std::size_t open = name.rfind('[');
    if (open != std::string::npos) name = name.substr(open + 1, name.size() - open - 2);
  }
  return name == "secret" || name.ends_with("_secret") || raw.ends_with("Secret");  // also camelCase apiSecret
}

// "Basic a2V5OnNlY3JldA==" -> "Basic [REDACTED]": the scheme says how the client authenticated,
// the credentials are never evidence.
std::string redact_authorization(std::string_view value) {
  std::string v(text::trim(value, text::kSpaceAndTab));
  std::size_t space = v.find(' ');
  if (space == std::string::npos) return std::string(kRedacted);
  return v.substr(0, space) + " " + std::string(kRedacted);
}

struct Cookie {
  std::string name;
  std::string value;
};

std::vector<Cookie> parse_cookie_header(std::string_view value) {
  std::vector<Cookie> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t end = value.find(';', start);
    if (end == npos) end = value.size();
    std::string_view pair = text::trim(value.substr(start, end - start), text::kSpaceAndTab);
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      Cookie cookie{std::string(text::trim(pair.substr(0, eq), text::kSpaceAndTab)),
                    eq == npos ? "" : std::string(text::trim(pair.substr(eq + 1), text::kSpaceAndTab))};
      if (is_secret_name(cookie.name)) cookie.value = kRedacted;
      out.push_back(std::move(cookie));
    }
    start = end + 1;
  }
  return out;
}

std::string join_cookies(const std::vector<Cookie>& cookies) {
  std::string out;
  for (const Cookie& c : cookies) {
    if (!out.empty()) out += "; ";
    out += c.name + "=" + c.value;
  }
  return out;
}

// A Set-Cookie value with its value redacted by name; fills the HAR cookie object too.
std::string redact_set_cookie(std::string_view value, nlohmann::json* har_cookie) {
  std::size_t semi = value.find(';');
  std::string first(value.substr(0, semi));
  std::string attributes = semi == npos ? "" : std::string(value.substr(semi));
  std::vector<Cookie> parsed = parse_cookie_header(first);
  Cookie cookie = parsed.empty() ? Cookie{} : parsed.front();
  nlohmann::json c = {{"name", cookie.name}, {"value", cookie.value}};
  for (const Cookie& attr : parse_cookie_header(attributes)) {
    std::string key = text::lower(attr.name);
    if (key == "path")
      c["path"] = attr.value;
    else if (key == "domain")
      c["domain"] = attr.value;
    else if (key == "httponly")
      c["httpOnly"] = true;
    else if (key == "secure")
      c["secure"] = true;
  }
  *har_cookie = std::move(c);
  return cookie.name + "=" + cookie.value + attributes;
}

// ---------------------------------------------------------------------------------------------
// HAR pieces.

std::string status_text(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 420: return "Enhance Your Calm";  // Cloudinary's Admin API rate limit
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

// The journal keeps the decoded path; a HAR url must be a valid URI again.
std::string encode_path(std::string_view path) { return percent_encode(path, "/:@!$&'()*+,;="); }

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string url_safe_marker(std::string text) { return replace_all(std::move(text), kRedacted, "%5BREDACTED%5D"); }

std::string redact_raw_query(std::string_view query, const Redactor& redact) {
  std::string out;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == npos) end = query.size();
    std::string piece(query.substr(start, end - start));
    std::size_t eq = piece.find('=');
    if (eq != std::string::npos && is_secret_name(percent_decode(piece.substr(0, eq), true))) {
      piece = piece.substr(0, eq + 1) + std::string(kRedacted);
    }
    if (start > 0) out += '&';
    out += piece;
    start = end + 1;
  }
  return url_safe_marker(redact.redact(out));
}

std::string request_url(const JournalEntry& e, const Redactor& redact) {
  std::string host(header_value(e.headers, "Host"));
  bool plain_host = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == ':' || c == '[' || c == ']';
  });
  if (!plain_host) host = "127.0.0.1";
  std::string path = e.path.empty() ? "/" : e.path;
  // The scheme the client spoke (https behind the network front), so a HAR viewer shows the real URL.
  std::string url = (e.scheme == "https" ? "https://" : "http://") + url_safe_marker(redact.redact(host)) +
                    encode_path(redact.redact(path));
  if (!e.query.empty()) url += "?" + redact_raw_query(e.query, redact);
  return url;
}

bool is_textual(std::string_view mime_type, std::string_view body) {
  std::string mime = text::lower(mime_type.substr(0, mime_type.find(';')));
  bool text_type = mime.empty() || mime.starts_with("text/") || mime.find("json") != npos || mime.find("xml") != npos ||
                   mime.find("javascript") != npos || mime == "application/x-www-form-urlencoded";
  return text_type && body.find('\0') == npos && is_valid_utf8(body);
}

nlohmann::json har_headers(const HeaderList& headers) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, value] : headers) {
    std::string v = value;
    if (text::iequals(name, "Authorization") || text::iequals(name, "Proxy-Authorization")) {
      v = redact_authorization(value);
    } else if (is_secret_name(name)) {
      v = kRedacted;
    } else if (text::iequals(name, "Cookie")) {
      v = join_cookies(parse_cookie_header(value));
    } else if (text::iequals(name, "Set-Cookie")) {
      nlohmann::json ignored;
      v = redact_set_cookie(value, &ignored);
    }
    out.push_back({{"name", name}, {"value", v}});
  }
  return out;
}

nlohmann::json request_cookies(const HeaderList& headers) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, value] : headers) {
    if (!text::iequals(name, "Cookie")) continue;
    for (const Cookie& c : parse_cookie_header(value)) out.push_back({{"name", c.name}, {"value", c.value}});
  }
  return out;
}

nlohmann::json response_cookies(const HeaderList& headers) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, value] : headers) {
    if (!text::iequals(name, "Set-Cookie")) continue;
    nlohmann::json cookie;
    redact_set_cookie(value, &cookie);
    out.push_back(std::move(cookie));
  }
  return out;
}

std::string sha256_phrase(const std::string& sha256) {
  return sha256.empty() ? "sha256 not recorded" : "sha256 " + sha256;
}

nlohmann::json post_data(const JournalEntry& e) {
  nlohmann::json data = {{"mimeType", e.body_content_type}};
  if (e.fields.empty()) {
    // The journal keeps parsed form fields only; other bodies are known by size.
    data["text"] = "[body: " + std::to_string(e.body_size) + " bytes, not recorded]";
    return data;
  }
  nlohmann::json params = nlohmann::json::array();
  for (const JournalField& f : e.fields) {
    nlohmann::json param = {{"name", f.name}};
    if (f.is_file) {
      param["fileName"] = f.filename;
      param["contentType"] = f.content_type;
      param["value"] = "[file: " + std::to_string(f.size) + " bytes, " + sha256_phrase(f.sha256) + "]";
    } else if (is_secret_name(f.name)) {
      param["value"] = std::string(kRedacted);
    } else {
      param["value"] = f.value;
      if (f.truncated) {
        param["comment"] = "recorded value truncated: " + std::to_string(f.size) + " bytes, " + sha256_phrase(f.sha256);
      }
    }
    params.push_back(std::move(param));
  }
  data["params"] = std::move(params);
  return data;
}

nlohmann::json har_response(const JournalEntry& e) {
  std::string mime;
  for (const auto& [name, value] : e.response_headers) {
    if (text::iequals(name, "Content-Type")) mime = value;  // the mock appends the one it sent last
  }
  const std::string& body = e.response_body;
  nlohmann::json content = {{"size", body.size()}, {"mimeType", mime}};
  if (body.empty() || is_textual(mime, body)) {
    content["text"] = body;
  } else {
    // Binary bodies are evidence by size and hash only.
    content["text"] = "[binary: " + std::to_string(body.size()) + " bytes, sha256 " + sha256_hex(body) + "]";
  }
  if (body.size() >= kMaxRecordedValue) {
    content["comment"] = "recorded body truncated at " + std::to_string(kMaxRecordedValue) + " bytes";
  }
  std::string location(header_value(e.response_headers, "Location"));
  return {{"status", e.status},
          {"statusText", status_text(e.status)},
          {"httpVersion", "HTTP/1.1"},
          {"cookies", response_cookies(e.response_headers)},
          {"headers", har_headers(e.response_headers)},
          {"content", std::move(content)},
          {"redirectURL", location},
          {"headersSize", -1},
          {"bodySize", static_cast<std::int64_t>(body.size())}};
}

// journal.h declares no to_json for ChunkRecord, so it is spelled out here.
nlohmann::json chunk_fields(const std::optional<ChunkRecord>& chunk) {
  if (!chunk) return nullptr;
  return {
      {"upload_id", chunk->upload_id}, {"start", chunk->start},       {"end", chunk->end},
      {"total", chunk->total},         {"received", chunk->received}, {"completed_upload", chunk->completed_upload}};
}

nlohmann::json cldcert_fields(const JournalEntry& e) {
  return {{"journal_id", e.id},
          {"cloud", e.cloud},
          {"api", e.api},
          {"action", e.action},
          {"resource_type", e.resource_type},
          {"delivery_type", e.delivery_type},
          {"public_id", e.public_id},
          {"auth",
           {{"method", e.auth.method},
            {"api_key", e.auth.api_key},
            {"outcome", e.auth.outcome},
            {"signature_algorithm", e.auth.signature_algorithm},
            {"signature_version", e.auth.signature_version},
            {"upload_preset", e.auth.upload_preset}}},
          {"chunk", chunk_fields(e.chunk)},
          {"asset_sha256", e.asset_sha256},
          {"remote_file_url", e.remote_file_url},
          {"remote_address", e.remote_address},
          {"body_content_type", e.body_content_type},
          {"body_size", e.body_size}};
}

nlohmann::json har_entry(const JournalEntry& e, const Redactor& redact) {
  nlohmann::json query = nlohmann::json::array();
  for (const auto& [name, value] : e.query_params) {
    query.push_back({{"name", name}, {"value", is_secret_name(name) ? std::string(kRedacted) : value}});
  }
  nlohmann::json request = {{"method", e.method},
                            {"url", request_url(e, redact)},
                            {"httpVersion", "HTTP/1.1"},
                            {"cookies", request_cookies(e.headers)},
                            {"headers", har_headers(e.headers)},
                            {"queryString", std::move(query)},
                            {"headersSize", -1},
                            {"bodySize", static_cast<std::int64_t>(e.body_size)}};
  if (e.body_size > 0 || !e.fields.empty()) request["postData"] = post_data(e);

  // The mock measures one span, request start to response ready: it is all server wait.
  double time = std::max(0.0, e.duration_ms);
  return {{"startedDateTime", e.started_at.empty() ? iso8601_utc(e.started_unix_ms, true) : e.started_at},
          {"time", time},
          {"request", std::move(request)},
          {"response", har_response(e)},
          {"cache", nlohmann::json::object()},
          {"timings",
           {{"blocked", -1}, {"dns", -1}, {"connect", -1}, {"send", 0}, {"wait", time}, {"receive", 0}, {"ssl", -1}}},
          {"_cldcert", cldcert_fields(e)}};
}

// The last line of defence: every string in the document, whichever field it came from.
void scrub(nlohmann::json& node, const Redactor& redact) {
  if (node.is_string()) {
    node = valid_utf8(redact.redact(node.get_ref<const std::string&>()));
  } else if (node.is_array() || node.is_object()) {
    for (auto& child : node) scrub(child, redact);
  }
}

nlohmann::json har_log(nlohmann::json entries, const HarOptions& options) {
  const std::string version = options.creator_version.empty() ? "unknown" : options.creator_version;
  return {{"log",
           {{"version", "1.2"},
            {"creator", {{"name", "cldcert"}, {"version", valid_utf8(options.redactor.redact(version))}}},
            {"entries", std::move(entries)},
            {"comment", "cldcert request journal; credentials and API secrets redacted"}}}};
}

nlohmann::json scrubbed_entry(const JournalEntry& e, const Redactor& redact) {
  nlohmann::json entry = har_entry(e, redact);
  scrub(entry, redact);
  return entry;
}

}  // namespace

nlohmann::json journal_to_har(const std::vector<JournalEntry>& entries, const HarOptions& options) {
  nlohmann::json har_entries = nlohmann::json::array();
  for (const JournalEntry& e : entries) har_entries.push_back(scrubbed_entry(e, options.redactor));
  return har_log(std::move(har_entries), options);
}

nlohmann::json pages_to_har(const std::vector<HarPage>& pages, const HarOptions& options) {
  nlohmann::json har_entries = nlohmann::json::array();
  nlohmann::json har_pages = nlohmann::json::array();
  for (const HarPage& page : pages) {
    if (page.entries.empty()) continue;
    std::string first_started;
    for (const JournalEntry& e : page.entries) {
      har_entries.push_back(scrubbed_entry(e, options.redactor));
      har_entries.back()["pageref"] = valid_utf8(options.redactor.redact(page.id));
      const std::string& started = har_entries.back()["startedDateTime"].get_ref<const std::string&>();
      if (first_started.empty() || started < first_started) first_started = started;
    }
    har_pages.push_back({{"startedDateTime", first_started},
                         {"id", valid_utf8(options.redactor.redact(page.id))},
                         {"title", valid_utf8(options.redactor.redact(page.title))},
                         {"pageTimings", nlohmann::json::object()}});
  }
  nlohmann::json har = har_log(std::move(har_entries), options);
  har["log"]["pages"] = std::move(har_pages);
  sort_har_entries(har);
  return har;
}

void sort_har_entries(nlohmann::json& har) {
  // One format ("…T12:00:00.123Z") throughout, so the strings sort as the times do; stable, so
  // requests started in the same millisecond keep their journal order.
  auto by_start = [](const nlohmann::json& a, const nlohmann::json& b) {
    return a.value("startedDateTime", "") < b.value("startedDateTime", "");
  };
  auto& log = har["log"];
  if (log.contains("entries")) std::stable_sort(log["entries"].begin(), log["entries"].end(), by_start);
  if (log.contains("pages")) std::stable_sort(log["pages"].begin(), log["pages"].end(), by_start);
}

}  // namespace cldcert::mock
