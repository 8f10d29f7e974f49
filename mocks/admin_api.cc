#include "mocks/admin_api.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <span>

#include "mocks/asset_json.h"
#include "mocks/base64.h"
#include "mocks/basic_auth.h"
#include "mocks/bounded_json.h"
#include "mocks/form_reader.h"
#include "mocks/search_expression.h"
#include "mocks/text.h"
#include "mocks/upload_params.h"
#include "mocks/utc_time.h"

namespace cldcert::mock {
namespace {

constexpr int kDefaultMaxResults = 10;
constexpr int kMaxMaxResults = 500;

bool is_write(const std::string& method) { return method == "POST" || method == "PUT" || method == "DELETE"; }

// Opaque cursors, as Cloudinary's are; they carry the offset of the next page.
std::string encode_cursor(std::size_t offset) { return base64_encode("cldcert:" + std::to_string(offset)); }
std::optional<std::size_t> decode_cursor(const std::string& cursor) {
  auto text = base64_decode(cursor);
  if (!text || !text->starts_with("cldcert:")) return std::nullopt;
  std::size_t offset = 0;
  auto [p, ec] = std::from_chars(text->data() + 8, text->data() + text->size(), offset);
  if (ec != std::errc() || p != text->data() + text->size()) return std::nullopt;
  return offset;
}

// The human-readable names Cloudinary uses in a named transformation's "info".
nlohmann::json transformation_info(const std::string& definition) {
  static const std::map<std::string, std::string> kNames = {{"w", "width"},
                                                            {"h", "height"},
                                                            {"c", "crop"},
                                                            {"g", "gravity"},
                                                            {"q", "quality"},
                                                            {"f", "fetch_format"},
                                                            {"e", "effect"},
                                                            {"r", "radius"},
                                                            {"a", "angle"},
                                                            {"x", "x"},
                                                            {"y", "y"},
                                                            {"dpr", "dpr"},
                                                            {"t", "transformation"}};
  nlohmann::json info = nlohmann::json::array();
  std::size_t start = 0;
  while (start <= definition.size()) {
    std::size_t slash = definition.find('/', start);
    std::string component = definition.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    nlohmann::json step = nlohmann::json::object();
    std::size_t p = 0;
    while (p <= component.size() && !component.empty()) {
      std::size_t comma = component.find(',', p);
      std::string param = component.substr(p, comma == std::string::npos ? std::string::npos : comma - p);
      std::size_t underscore = param.find('_');
      if (underscore != std::string::npos) {
        std::string key = param.substr(0, underscore), value = param.substr(underscore + 1);
        auto name = kNames.find(key);
        step[name == kNames.end() ? key : name->second] = value;
      }
      if (comma == std::string::npos) break;
      p = comma + 1;
    }
    if (!step.empty()) info.push_back(step);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return info;
}

// The journal's name for an Admin API call. Only GET depends on parameters, and a GET's are
// all in the query, so this is known before the body arrives (a fault may answer first).
std::string admin_action(const std::string& m, const std::vector<std::string>& route, const FormParams& params) {
  if (route.empty()) return "unknown";
  const std::string& root = route[0];
  if (root == "ping" || root == "usage") return root;
  if (root == "resources") {
    if (route.size() >= 2 && route[1] == "search") return "resources.search";
    if (route.size() >= 3 && route[2] == "tags") return "resources.by_tag";
    if (route.size() >= 4) return m == "GET" ? "resources.get" : "resources.update";
    return m == "DELETE" ? "resources.delete" : "resources.list";
  }
  if (root == "tags") return "tags.list";
  if (root == "upload_presets" || root == "transformations") {
    bool one = route.size() >= 2 || (root == "transformations" && form_value(params, "transformation"));
    if (m == "POST") return root + ".create";
    if (m == "PUT") return root + ".update";
    if (m == "DELETE") return root + ".delete";
    return root + (one ? ".get" : ".list");
  }
  return "unknown";
}

class AdminCall {
 public:
  AdminCall(MockState& state, const Cloud& cloud, const HttpRequestHead& head, std::vector<std::string> route,
            JournalEntry& entry, std::string_view body)
      : state_(state), cloud_(cloud), head_(head), route_(std::move(route)), entry_(entry) {
    params_ = head.query_params;
    std::string_view content_type = header_value(head.headers, "Content-Type");
    if (!body.empty()) {
      if (content_type.starts_with("application/json")) {
        ParsedJson parsed = parse_json_text(body);
        json_body_ = std::move(parsed.doc);
        if (json_body_.is_object()) {
          for (auto& p : params_from_json(json_body_)) params_.push_back(std::move(p));
        } else {
          body_error_ = parsed.exceeds_limit() ? "request body: " + parsed.error : "request body is not a JSON object";
        }
      } else {
        for (auto& p : parse_query_string(body)) params_.push_back(std::move(p));
      }
    }
    for (const auto& [name, value] : params_) entry_.fields.push_back(text_field(name, value));
  }

  HttpResponse run() {
    entry_.api = "admin";
    entry_.action = admin_action(head_.method, route_, params_);
    if (auto refusal = authenticate()) return *refusal;
    auto decision = state_.admin_rate_limits.take(cloud_.cloud_name, state_.now_unix());
    HttpResponse response;
    if (!decision.allowed) {
      response = cloudinary_error(420, "Rate Limit Exceeded");
    } else if (!body_error_.empty()) {
      response = cloudinary_error(400, body_error_);
    } else if (is_write(head_.method) && entry_.action != "resources.search" && !role_can_write(cloud_.role)) {
      entry_.auth.outcome = "forbidden";
      response = cloudinary_error(403, "Permission denied: the API key " + cloud_.api_key + " has the role " +
                                           std::string(role_name(cloud_.role)) + ", which cannot " + entry_.action);
    } else {
      response = dispatch();
    }
    for (auto& h : decision.headers()) response.headers.push_back(std::move(h));
    return response;
  }

 private:
  std::optional<HttpResponse> authenticate() {
    std::string_view authorization = header_value(head_.headers, "Authorization");
    AuthRecord& auth = entry_.auth;
    if (authorization.starts_with("Bearer ")) {
      auth.method = "bearer";
      auth.outcome = "not_validated";
      return std::nullopt;
    }
    auto credentials = parse_basic_auth(authorization);
    if (!credentials) {
      auth.outcome = "missing_parameter";
      return cloudinary_error(401, "Must supply api_key");
    }
    auth.method = "basic";
    auth.api_key = credentials->key;
    if (credentials->key != cloud_.api_key) {
      auth.outcome = "unknown_api_key";
      return cloudinary_error(401, "Unknown API key " + credentials->key);
    }
    if (credentials->secret != cloud_.api_secret) {
      auth.outcome = "invalid_credentials";
      return cloudinary_error(401, "Invalid API secret for API key " + credentials->key);
    }
    auth.outcome = "ok";
    return std::nullopt;
  }

  std::string param(std::string_view key, std::string fallback = "") const {
    auto v = form_value(params_, key);
    return v && !v->empty() ? *v : fallback;
  }

  HttpResponse dispatch() {
    const std::string& a = entry_.action;
    if (a == "ping") return json_response({{"status", "ok"}});
    if (a == "usage") return usage();
    if (a == "resources.search") return search();
    if (a == "resources.list" || a == "resources.by_tag") return list_resources();
    if (a == "resources.get") return get_resource();
    if (a == "resources.update") return update_resource();
    if (a == "resources.delete") return delete_resources();
    if (a == "tags.list") return list_tags();
    if (a.starts_with("upload_presets.")) return presets();
    if (a.starts_with("transformations.")) return transformations();
    return cloudinary_error(404, "cldcert mock: no Admin API endpoint at " + head_.method + " " + head_.path);
  }

  HttpResponse usage() {
    std::uint64_t storage = 0;
    auto assets = state_.store.list(cloud_.cloud_name);
    for (const auto& a : assets) storage += a.bytes;
    std::int64_t now_ms = state_.now_unix_ms();
    std::string today = iso8601_utc(now_ms, false).substr(0, 10);
    nlohmann::json body{{"plan", "cldcert-mock"},
                        {"last_updated", today},
                        {"date_requested", iso8601_utc(now_ms, false)},
                        {"transformations", {{"usage", 0}, {"credits_usage", 0}}},
                        {"objects", {{"usage", assets.size()}}},
                        {"bandwidth", {{"usage", 0}, {"credits_usage", 0}}},
                        {"storage", {{"usage", storage}, {"credits_usage", 0}}},
                        {"requests", state_.journal.size()},
                        {"resources", assets.size()},
                        {"derived_resources", 0},
                        {"media_limits",
                         {{"image_max_size_bytes", 10737418240ull},
                          {"video_max_size_bytes", 107374182400ull},
                          {"raw_max_size_bytes", 10737418240ull},
                          {"image_max_px", 100000000},
                          {"asset_max_total_px", 300000000}}}};
    return json_response(body);
  }

  // Pages `assets` by max_results / next_cursor into {key: [...], next_cursor?}.
  std::optional<HttpResponse> page(const std::vector<Asset>& assets, nlohmann::json& out) {
    int max_results = kDefaultMaxResults;
    if (auto v = form_value(params_, "max_results"); v && !v->empty()) {
      auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), max_results);
      if (ec != std::errc() || max_results < 1 || max_results > kMaxMaxResults) {
        return cloudinary_error(400, "Invalid max_results " + *v + " (1 to 500)");
      }
    }
    std::size_t offset = 0;
    if (auto cursor = form_value(params_, "next_cursor"); cursor && !cursor->empty()) {
      auto decoded = decode_cursor(*cursor);
      if (!decoded) return cloudinary_error(400, "Invalid next_cursor " + *cursor);
      offset = *decoded;
    }
    out["resources"] = nlohmann::json::array();
    for (std::size_t i = offset; i < assets.size() && i < offset + static_cast<std::size_t>(max_results); ++i) {
      out["resources"].push_back(resource_json(cloud_, assets[i]));
    }
    if (offset + static_cast<std::size_t>(max_results) < assets.size()) {
      out["next_cursor"] = encode_cursor(offset + static_cast<std::size_t>(max_results));
    }
    return std::nullopt;
  }

  HttpResponse list_resources() {
    std::string rt = route_.size() >= 2 ? route_[1] : "image";
    std::string type = route_.size() >= 3 && route_[2] != "tags" ? route_[2] : param("type");
    std::string tag =
        entry_.action == "resources.by_tag" && route_.size() >= 4 ? text::join(std::span(route_).subspan(3), "/") : "";
    std::string prefix = param("prefix");
    entry_.resource_type = rt;
    entry_.delivery_type = type;
    std::vector<Asset> selected;
    for (auto& a : state_.store.list(cloud_.cloud_name)) {
      if (a.resource_type != rt || (!type.empty() && a.type != type)) continue;
      if (!prefix.empty() && !a.public_id.starts_with(prefix)) continue;
      if (!tag.empty() && std::find(a.tags.begin(), a.tags.end(), tag) == a.tags.end()) continue;
      selected.push_back(std::move(a));
    }
    nlohmann::json out;
    if (auto error = page(selected, out)) return *error;
    return json_response(out);
  }

  std::optional<Asset> addressed_asset() {
    std::string rt = route_[1], type = route_[2], public_id = text::join(std::span(route_).subspan(3), "/");
    entry_.resource_type = rt;
    entry_.delivery_type = type;
    entry_.public_id = public_id;
    return state_.store.find(cloud_.cloud_name, rt, type, public_id);
  }

  HttpResponse get_resource() {
    auto asset = addressed_asset();
    if (!asset) return cloudinary_error(404, "Resource not found - " + entry_.public_id);
    nlohmann::json out = resource_json(cloud_, *asset);
    out["etag"] = asset->etag;
    out["derived"] = nlohmann::json::array();
    out["last_updated"] = {{"updated_at", asset->created_at}};
    return json_response(out);
  }

  HttpResponse update_resource() {
    auto asset = addressed_asset();
    if (!asset) return cloudinary_error(404, "Resource not found - " + entry_.public_id);
    if (form_value(params_, "tags")) asset->tags = param_tags(params_);
    if (auto context = form_value(params_, "context")) asset->context = parse_context(*context);
    state_.store.put(cloud_.cloud_name, *asset);
    return json_response(resource_json(cloud_, *asset));
  }

  HttpResponse delete_resources() {
    std::string rt = route_.size() >= 2 ? route_[1] : "image";
    std::string type = route_.size() >= 3 ? route_[2] : "upload";
    entry_.resource_type = rt;
    entry_.delivery_type = type;
    std::vector<std::string> ids = form_values(params_, "public_ids");
    std::string prefix = param("prefix");
    bool all = param_flag(params_, "all", false);
    if (ids.empty() && prefix.empty() && !all) {
      return cloudinary_error(400, "Must specify public_ids, prefix or all");
    }
    if (!prefix.empty() || all) {
      for (const auto& a : state_.store.list(cloud_.cloud_name)) {
        if (a.resource_type == rt && a.type == type && (all || a.public_id.starts_with(prefix)))
          ids.push_back(a.public_id);
      }
    }
    nlohmann::json deleted = nlohmann::json::object(), counts = nlohmann::json::object();
    for (const auto& id : ids) {
      if (deleted.contains(id)) continue;  // named twice (or named and under the prefix): report it once
      bool gone = state_.store.erase(cloud_.cloud_name, rt, type, id);
      deleted[id] = gone ? "deleted" : "not_found";
      counts[id] = {{"original", gone ? 1 : 0}, {"derived", 0}};
    }
    return json_response({{"deleted", deleted}, {"deleted_counts", counts}, {"partial", false}});
  }

  HttpResponse list_tags() {
    std::string rt = route_.size() >= 2 ? route_[1] : "image";
    std::string prefix = param("prefix");
    std::set<std::string> tags;
    for (const auto& a : state_.store.list(cloud_.cloud_name)) {
      if (a.resource_type != rt) continue;
      for (const auto& t : a.tags)
        if (t.starts_with(prefix)) tags.insert(t);
    }
    return json_response({{"tags", tags}});
  }

  // Cloudinary's search expression language: mocks/search_expression.cc.
  HttpResponse search() {
    auto parsed = parse_search_expression(param("expression"));
    if (auto* problem = std::get_if<std::string>(&parsed)) return cloudinary_error(400, *problem);
    const auto& expression = std::get<SearchExpression>(parsed);
    std::vector<Asset> selected;
    for (auto& a : state_.store.list(cloud_.cloud_name)) {
      if (search_matches(expression, a)) selected.push_back(std::move(a));
    }
    nlohmann::json out{{"total_count", selected.size()}, {"time", 1}};
    if (auto error = page(selected, out)) return *error;
    return json_response(out);
  }

  nlohmann::json preset_json(const UploadPreset& preset) {
    return {{"name", preset.name}, {"unsigned", preset.is_unsigned}, {"settings", preset.settings}};
  }

  HttpResponse presets() {
    const std::string& a = entry_.action;
    if (a == "upload_presets.list") {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& p : state_.store.list_presets(cloud_.cloud_name)) list.push_back(preset_json(p));
      return json_response({{"presets", list}});
    }
    std::string name = route_.size() >= 2 ? route_[1] : param("name");
    if (a == "upload_presets.create") {
      if (name.empty()) name = state_.ids.alnum(8);
      if (state_.store.find_preset(cloud_.cloud_name, name)) {
        return cloudinary_error(409, "Upload preset " + name + " already exists");
      }
      UploadPreset preset{name, param_flag(params_, "unsigned", false), settings_from_params()};
      state_.store.put_preset(cloud_.cloud_name, preset);
      return json_response({{"message", "created"}, {"name", name}});
    }
    auto preset = state_.store.find_preset(cloud_.cloud_name, name);
    if (!preset) return cloudinary_error(404, "Upload preset " + name + " not found");
    if (a == "upload_presets.get") return json_response(preset_json(*preset));
    if (a == "upload_presets.delete") {
      state_.store.erase_preset(cloud_.cloud_name, name);
      return json_response({{"message", "deleted"}});
    }
    preset->is_unsigned = param_flag(params_, "unsigned", preset->is_unsigned);
    preset->settings.update(settings_from_params());
    state_.store.put_preset(cloud_.cloud_name, *preset);
    return json_response({{"message", "updated"}});
  }

  nlohmann::json settings_from_params() {
    static const std::set<std::string> kNotSettings = {"name", "unsigned", "timestamp", "api_key", "signature"};
    nlohmann::json settings = nlohmann::json::object();
    for (const auto& [k, v] : params_) {
      if (!kNotSettings.count(k)) settings[k] = v;
    }
    return settings;
  }

  HttpResponse transformations() {
    const std::string& a = entry_.action;
    if (a == "transformations.list") {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& [name, definition] : state_.store.list_named_transformations(cloud_.cloud_name)) {
        list.push_back({{"name", "t_" + name}, {"allowed_for_strict", false}, {"used", false}, {"named", true}});
      }
      return json_response({{"transformations", list}});
    }
    // The SDKs pass the name as a `transformation` parameter; the spec also has a path form.
    std::string name =
        route_.size() >= 2 ? text::join(std::span(route_).subspan(1), "/") : param("transformation", param("name"));
    if (a == "transformations.create") {
      name = param("name", name);
      std::string definition = param("transformation");
      if (name.empty() || definition.empty()) { return cloudinary_error(400, "Must supply name and transformation"); }
      if (state_.store.find_named_transformation(cloud_.cloud_name, name)) {
        return cloudinary_error(409, "Transformation " + name + " already exists");
      }
      state_.store.put_named_transformation(cloud_.cloud_name, name, definition);
      return json_response({{"message", "created"}});
    }
    if (name.starts_with("t_")) name = name.substr(2);
    auto definition = state_.store.find_named_transformation(cloud_.cloud_name, name);
    if (!definition) return cloudinary_error(404, "Transformation " + name + " not found");
    if (a == "transformations.get") {
      return json_response({{"name", "t_" + name},
                            {"allowed_for_strict", false},
                            {"used", false},
                            {"named", true},
                            {"info", transformation_info(*definition)},
                            {"derived", nlohmann::json::array()}});
    }
    if (a == "transformations.delete") {
      state_.store.erase_named_transformation(cloud_.cloud_name, name);
      return json_response({{"message", "deleted"}});
    }
    std::string updated = param("unsafe_update", param("transformation_definition"));
    if (!updated.empty()) state_.store.put_named_transformation(cloud_.cloud_name, name, updated);
    return json_response({{"message", "updated"}});
  }

  MockState& state_;
  const Cloud& cloud_;
  const HttpRequestHead& head_;
  std::vector<std::string> route_;
  JournalEntry& entry_;
  FormParams params_;
  nlohmann::json json_body_;
  std::string body_error_;
};

}  // namespace

std::unique_ptr<Exchange> begin_admin_api(MockState& state, const Cloud& cloud, const HttpRequestHead& head,
                                          std::vector<std::string> route, JournalEntry& entry) {
  entry.api = "admin";
  entry.action = admin_action(head.method, route, head.query_params);
  return std::make_unique<BufferedExchange>(
      [&state, &cloud, head, route = std::move(route), &entry](std::string_view body) {
        return AdminCall(state, cloud, head, route, entry, body).run();
      });
}

}  // namespace cldcert::mock
