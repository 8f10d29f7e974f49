// Pure helpers that interpret Upload API parameters the way Cloudinary does:
// public id choice, tags, context, booleans. Kept apart so they are unit-testable.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/id_source.h"
#include "mocks/upload_signature.h"

namespace cldcert::mock {

// Cloudinary reads "1", "true" (any case) as true; absent → `fallback`.
bool param_flag(const FormParams& params, std::string_view key, bool fallback);

// "a,b" and repeated tags[] fields, trimmed, empty ones dropped.
std::vector<std::string> param_tags(const FormParams& params);

// "alt=hi|caption=a\|b" → {"alt":"hi","caption":"a|b"} (backslash escapes '=' and '|').
nlohmann::json parse_context(std::string_view text);

// The public id an upload gets: the given one, else from the file name with use_filename
// (plus a 6-character suffix unless unique_filename=false), else 20 random characters;
// raw assets keep the file extension in the id. Prefixed by the folder, public_id_prefix,
// and with use_asset_folder_as_public_id_prefix the asset_folder, outermost.
std::string choose_public_id(const FormParams& params, std::string_view filename, std::string_view resource_type,
                             std::string_view extension, IdSource& ids);

// File name without directories and extension, as original_filename reports it.
std::string filename_stem(std::string_view filename);

}  // namespace cldcert::mock
