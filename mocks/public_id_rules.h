// What Cloudinary refuses in a public id an integration chooses (upload's public_id and folder,
// rename's to_public_id), with Cloudinary's 400 wording.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cldcert::mock {

// "Length: between 1 and 255 characters" (https://cloudinary.com/documentation/ts_permitted_naming_conventions).
inline constexpr std::size_t kMaxPublicIdLength = 255;

// Cloudinary's message when `public_id` breaks a rule, or nullopt when it is acceptable:
// "public_id (<id>) is too long" or "public_id (<id>) is invalid", the id cut at 100 bytes.
// `field` names the parameter in the message ("public_id", "folder", "to_public_id").
std::optional<std::string> public_id_problem(std::string_view public_id, std::string_view field = "public_id");

}  // namespace cldcert::mock
