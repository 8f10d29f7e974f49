#include "harness/steps/widget_callback_payloads.h"

#include <algorithm>
#include <tuple>

#include "mocks/asset_json.h"

namespace cldcert {

std::optional<mock::Asset> asset_to_insert(const std::vector<mock::Asset>& assets) {
  auto rank = [](const mock::Asset& a) {
    int kind = a.resource_type == "image" ? 0 : a.resource_type == "video" ? 1 : 2;
    return std::make_tuple(kind, -a.version, a.public_id);
  };
  std::optional<mock::Asset> best;
  for (const auto& a : assets) {
    if (a.type != "upload" || a.access_mode != "public") continue;
    if (!best || rank(a) < rank(*best)) best = a;
  }
  return best;
}

// Shapes: Media Library Widget API reference ("insertHandler": data.assets[], each asset's
// details as the Admin API returns them), https://cloudinary.com/documentation/media_library_widget_api_reference;
// Upload widget reference ("Events": result.event "success", result.info the upload response),
// https://cloudinary.com/documentation/upload_widget_reference#events.
nlohmann::json widget_callback_payloads(const mock::Cloud& cloud, const mock::Asset& asset) {
  return {{"asset",
           {{"cloud", cloud.cloud_name},
            {"public_id", asset.public_id},
            {"resource_type", asset.resource_type},
            {"type", asset.type},
            {"secure_url", mock::delivery_url(cloud, asset, true)}}},
          {"media_library", {{"assets", nlohmann::json::array({mock::resource_json(cloud, asset)})}}},
          {"upload_widget", {{"event", "success"}, {"info", mock::upload_response_json(cloud, asset)}}}};
}

}  // namespace cldcert
