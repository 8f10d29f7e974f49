#include "mocks/asset_json.h"

#include "mocks/bounded_json.h"
#include "mocks/digest.h"
#include "mocks/url_signature.h"

namespace cldcert::mock {
namespace {

std::string source_name(const Asset& asset, const std::string& format) {
  return format.empty() ? asset.public_id : asset.public_id + "." + format;
}

std::string url_for(const Cloud& cloud, const Asset& asset, bool secure, const std::string& transformation,
                    const std::string& format) {
  std::string source = source_name(asset, format);
  std::string url = std::string(secure ? "https://" : "http://") + kDeliveryHost + "/" + cloud.cloud_name + "/" +
                    asset.resource_type + "/" + asset.type + "/";
  if (asset.type == "private" || asset.type == "authenticated") {
    std::string to_sign = transformation.empty() ? source : transformation + "/" + source;
    url += "s--" + url_signature(to_sign, cloud.api_secret, cloud.signature_algorithm, false) + "--/";
  }
  if (!transformation.empty()) url += transformation + "/";
  url += "v" + std::to_string(asset.version) + "/" + source;
  return url;
}

}  // namespace

std::string delivery_url(const Cloud& cloud, const Asset& asset, bool secure, const std::string& transformation) {
  return url_for(cloud, asset, secure, transformation, asset.format);
}

std::string response_signature(const Cloud& cloud, const Asset& asset) {
  return digest_hex(cloud.signature_algorithm,
                    "public_id=" + asset.public_id + "&version=" + std::to_string(asset.version) + cloud.api_secret);
}

nlohmann::json upload_response_json(const Cloud& cloud, const Asset& asset) {
  nlohmann::json out{{"asset_id", asset.asset_id},
                     {"public_id", asset.public_id},
                     {"version", asset.version},
                     {"version_id", asset.version_id},
                     {"signature", response_signature(cloud, asset)}};
  if (asset.width) out["width"] = *asset.width;
  if (asset.height) out["height"] = *asset.height;
  if (!asset.format.empty()) out["format"] = asset.format;
  out["resource_type"] = asset.resource_type;
  out["created_at"] = asset.created_at;
  out["tags"] = asset.tags;
  if (asset.resource_type == "image") out["pages"] = 1;
  out["bytes"] = asset.bytes;
  out["type"] = asset.type;
  out["access_mode"] = asset.access_mode;
  out["etag"] = asset.etag;
  out["placeholder"] = false;
  out["url"] = delivery_url(cloud, asset, false);
  out["secure_url"] = delivery_url(cloud, asset, true);
  out["asset_folder"] = asset.asset_folder;
  out["display_name"] = asset.display_name;
  if (!asset.context.empty()) out["context"] = {{"custom", asset.context}};
  if (!asset.original_filename.empty()) out["original_filename"] = asset.original_filename;
  out["api_key"] = cloud.api_key;
  return out;
}

nlohmann::json resource_json(const Cloud& cloud, const Asset& asset) {
  nlohmann::json out{{"asset_id", asset.asset_id}, {"public_id", asset.public_id}};
  if (!asset.format.empty()) out["format"] = asset.format;
  out["version"] = asset.version;
  out["resource_type"] = asset.resource_type;
  out["type"] = asset.type;
  out["access_mode"] = asset.access_mode;
  out["created_at"] = asset.created_at;
  out["bytes"] = asset.bytes;
  if (asset.width) out["width"] = *asset.width;
  if (asset.height) out["height"] = *asset.height;
  out["asset_folder"] = asset.asset_folder;
  out["display_name"] = asset.display_name;
  out["url"] = delivery_url(cloud, asset, false);
  out["secure_url"] = delivery_url(cloud, asset, true);
  out["tags"] = asset.tags;
  if (!asset.context.empty()) out["context"] = {{"custom", asset.context}};
  return out;
}

nlohmann::json eager_json(const Cloud& cloud, const Asset& asset, const std::string& eager) {
  nlohmann::json out = nlohmann::json::array();
  std::size_t start = 0;
  while (start <= eager.size()) {
    std::size_t bar = eager.find('|', start);
    std::string item = eager.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    start = bar == std::string::npos ? eager.size() + 1 : bar + 1;
    if (item.empty()) continue;
    // The SDKs append an eager format as a last "/ext" component without an underscore.
    std::string format = asset.format;
    std::size_t slash = item.rfind('/');
    if (slash != std::string::npos && item.find('_', slash) == std::string::npos) {
      format = item.substr(slash + 1);
      item.resize(slash);
    }
    out.push_back({{"transformation", item},
                   {"format", format},
                   {"bytes", asset.bytes},
                   {"url", url_for(cloud, asset, false, item, format)},
                   {"secure_url", url_for(cloud, asset, true, item, format)}});
    if (asset.width) out.back()["width"] = *asset.width;
    if (asset.height) out.back()["height"] = *asset.height;
  }
  return out;
}

std::optional<nlohmann::json> breakpoints_json(const Cloud& cloud, const Asset& asset, const std::string& request,
                                               std::string* error) {
  auto settings = parse_json_text(request).doc;
  if (settings.is_object()) settings = nlohmann::json::array({settings});
  if (!settings.is_array()) {
    // Only the start of the parameter is echoed: it is the integration's input, of any size.
    constexpr std::size_t kShown = 80;
    std::string shown = request.substr(0, kShown) + (request.size() > kShown ? "..." : "");
    if (error)
      *error = "Invalid responsive_breakpoints parameter: expected a JSON object or array, got '" + shown + "'";
    return std::nullopt;
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : settings) {
    if (!s.is_object()) {
      if (error) *error = "Invalid responsive_breakpoints parameter: each entry must be an object";
      return std::nullopt;
    }
    int min_width = s.value("min_width", 50);
    int max_width = s.value("max_width", 1000);
    int max_images = s.value("max_images", 20);
    if (asset.width && *asset.width < max_width) max_width = *asset.width;
    if (min_width > max_width) min_width = max_width;
    std::string transformation = s.value("transformation", "");
    // A plausible ladder: up to five widths from max_width down to min_width.
    int count = std::max(1, std::min(max_images, 5));
    nlohmann::json breakpoints = nlohmann::json::array();
    for (int i = 0; i < count; ++i) {
      int width = count == 1 ? max_width : max_width - (max_width - min_width) * i / (count - 1);
      if (!breakpoints.empty() && breakpoints.back()["width"] == width) continue;
      std::string step = "c_scale,w_" + std::to_string(width);
      std::string tr = transformation.empty() ? step : transformation + "/" + step;
      nlohmann::json bp{{"width", width},
                        {"bytes", asset.width && *asset.width > 0 ? asset.bytes * width / *asset.width : asset.bytes},
                        {"url", url_for(cloud, asset, false, tr, asset.format)},
                        {"secure_url", url_for(cloud, asset, true, tr, asset.format)}};
      if (asset.width && asset.height && *asset.width > 0) bp["height"] = *asset.height * width / *asset.width;
      breakpoints.push_back(bp);
    }
    nlohmann::json entry{{"breakpoints", breakpoints}};
    if (!transformation.empty()) entry["transformation"] = transformation;
    out.push_back(entry);
  }
  return out;
}

}  // namespace cldcert::mock
