// Renders a stored asset as Cloudinary's Upload API answers it (upload, explicit, rename),
// with delivery URLs on res.cloudinary.com so integrations build normal URLs from them.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "mocks/accounts.h"
#include "mocks/asset_store.h"

namespace cldcert::mock {

inline constexpr const char* kDeliveryHost = "res.cloudinary.com";

// "<transformation>/" is inserted before the version when non-empty; private and
// authenticated assets get a signature component, as Cloudinary's responses carry.
std::string delivery_url(const Cloud& cloud, const Asset& asset, bool secure, const std::string& transformation = "");

nlohmann::json upload_response_json(const Cloud& cloud, const Asset& asset);

// Eager transformations ("c_fill,w_100|w_200/png") as the response's eager[] array.
nlohmann::json eager_json(const Cloud& cloud, const Asset& asset, const std::string& eager);

// responsive_breakpoints (a JSON object or array of settings) as the response's array;
// nullopt plus `error` when the parameter is not valid JSON of that shape.
std::optional<nlohmann::json> breakpoints_json(const Cloud& cloud, const Asset& asset, const std::string& request,
                                               std::string* error);

// An asset as the Admin API lists and describes it (resources, search, resource details).
nlohmann::json resource_json(const Cloud& cloud, const Asset& asset);

// Upload response "signature": SHA of "public_id=<id>&version=<v>" + secret (always v1 form).
std::string response_signature(const Cloud& cloud, const Asset& asset);

}  // namespace cldcert::mock
