// What cldcert.browse makes the widget shims hand a page's callbacks: a real asset of the logged-in
// cloud, as the Media Library's insertHandler and the Upload widget's success event deliver it.
#pragma once

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/accounts.h"
#include "mocks/asset_store.h"

namespace cldcert {

// The asset a user would pick: one anyone may deliver (type upload, public access), an image
// before a video before a raw file, the newest version first, then by public id; nullopt when
// the cloud holds none.
std::optional<mock::Asset> asset_to_insert(const std::vector<mock::Asset>& assets);

// {"asset": {"cloud", "public_id", "resource_type", "type", "secure_url"},
//  "media_library": insertHandler's data {"assets": [<the asset as the Admin API describes it>]},
//  "upload_widget": the callback's result {"event": "success", "info": <the Upload API's response>}}
nlohmann::json widget_callback_payloads(const mock::Cloud& cloud, const mock::Asset& asset);

}  // namespace cldcert
