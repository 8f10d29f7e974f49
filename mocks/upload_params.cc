#include "mocks/upload_params.h"

#include "mocks/form_reader.h"
#include "mocks/http_types.h"
#include "mocks/text.h"

namespace cldcert::mock {
namespace {

// Public ids keep letters, digits and a few marks; anything else from a file name becomes '_'.
std::string sanitize_for_public_id(std::string_view name) {
  std::string out;
  for (char c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    out.push_back(ok ? c : '_');
  }
  return out;
}

}  // namespace

bool param_flag(const FormParams& params, std::string_view key, bool fallback) {
  auto value = form_value(params, key);
  if (!value || value->empty()) return fallback;
  return *value == "1" || text::iequals(*value, "true");
}

std::vector<std::string> param_tags(const FormParams& params) {
  std::vector<std::string> tags;
  for (const auto& value : form_values(params, "tags")) {
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t comma = value.find(',', start);
      const std::size_t length = comma == std::string::npos ? std::string::npos : comma - start;
      std::string tag(text::trim(std::string_view(value).substr(start, length), text::kSpaceAndTab));
      if (!tag.empty()) tags.push_back(tag);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return tags;
}

nlohmann::json parse_context(std::string_view text) {
  nlohmann::json out = nlohmann::json::object();
  std::string key, value;
  bool in_value = false;
  auto flush = [&] {
    if (!key.empty()) out[key] = value;
    key.clear();
    value.clear();
    in_value = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      (in_value ? value : key).push_back(text[++i]);
    } else if (c == '=' && !in_value) {
      in_value = true;
    } else if (c == '|') {
      flush();
    } else {
      (in_value ? value : key).push_back(c);
    }
  }
  flush();
  return out;
}

std::string filename_stem(std::string_view filename) {
  std::size_t slash = filename.find_last_of("/\\");
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  std::size_t dot = filename.find_last_of('.');
  if (dot != std::string_view::npos && dot > 0) filename = filename.substr(0, dot);
  return std::string(filename);
}

std::string choose_public_id(const FormParams& params, std::string_view filename, std::string_view resource_type,
                             std::string_view extension, IdSource& ids) {
  std::string id;
  bool generated = true;
  if (auto given = form_value(params, "public_id"); given && !given->empty()) {
    id = *given;
    generated = false;
  } else if (param_flag(params, "use_filename", false) && !filename.empty()) {
    id = sanitize_for_public_id(filename_stem(filename));
    if (param_flag(params, "unique_filename", true)) id += "_" + ids.alnum(6);
  } else {
    id = ids.alnum(20);
  }
  if (generated && resource_type == "raw" && !extension.empty()) id += "." + std::string(extension);
  auto prefix_with = [&id](std::string prefix) {
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    if (!prefix.empty()) id = prefix + "/" + id;
  };
  prefix_with(form_value(params, "folder").value_or(""));
  // Dynamic folder mode (https://cloudinary.com/documentation/image_upload_api_reference#upload_optional_parameters):
  // public_id_prefix is "prepended to the public_id with a forward slash", and
  // use_asset_folder_as_public_id_prefix adds the asset_folder in front "so the public ID path
  // matches the initial asset folder" (hence outermost). `folder` already prefixed itself above.
  prefix_with(form_value(params, "public_id_prefix").value_or(""));
  if (param_flag(params, "use_asset_folder_as_public_id_prefix", false)) {
    prefix_with(form_value(params, "asset_folder").value_or(""));
  }
  return id;
}

}  // namespace cldcert::mock
