#include "harness/live/created_resources.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "mocks/bounded_json.h"

namespace cldcert::live {
namespace {

std::string string_at(const nlohmann::json& body, const char* key, std::string fallback = "") {
  if (body.is_object() && body.contains(key) && body[key].is_string() && !body[key].get<std::string>().empty())
    return body[key].get<std::string>();
  return fallback;
}

std::string field(const mock::JournalEntry& entry, const std::string& name) {
  for (const auto& f : entry.fields) {
    if (f.name == name && !f.is_file) return f.value;
  }
  return "";
}

bool is_true(const nlohmann::json& body, const char* key) {
  return body.is_object() && body.contains(key) && body[key].is_boolean() && body[key].get<bool>();
}

CreatedResource asset_of(const mock::JournalEntry& entry, const nlohmann::json& body, std::string public_id) {
  std::string resource_type = string_at(body, "resource_type", entry.resource_type);
  if (resource_type == "auto" || resource_type.empty()) resource_type = "image";
  return {CreatedResource::Kind::kAsset, entry.cloud, resource_type, string_at(body, "type", "upload"),
          std::move(public_id)};
}

// The name after /transformations/ in the path, when the call named it there.
std::string path_name_after(const std::string& path, const std::string& segment) {
  const std::size_t at = path.find("/" + segment + "/");
  return at == std::string::npos ? "" : path.substr(at + segment.size() + 2);
}

}  // namespace

std::string describe(const CreatedResource& r) {
  switch (r.kind) {
    case CreatedResource::Kind::kAsset: return r.resource_type + "/" + r.type + " '" + r.name + "' in cloud " + r.cloud;
    case CreatedResource::Kind::kUploadPreset: return "upload preset '" + r.name + "' in cloud " + r.cloud;
    case CreatedResource::Kind::kNamedTransformation:
      return "named transformation '" + r.name + "' in cloud " + r.cloud;
  }
  return r.name;
}

std::vector<CreatedResource> created_by(const mock::JournalEntry& entry) {
  if (entry.status < 200 || entry.status >= 300 || entry.cloud.empty()) return {};
  const nlohmann::json body = mock::parse_json_text(entry.response_body).doc;
  using Kind = CreatedResource::Kind;
  if (entry.api == "upload") {
    // Only an upload (or its last chunk) makes an asset. `explicit` and `rename` act on one that was there
    // (a rename of the run's own asset is followed in CreatedResources::observe), and an upload answered
    // `existing` (overwrite=false) or `overwritten` named an asset the cloud held before: with
    // --live-allow-nonempty that may be the partner's, which the run must never delete.
    if (entry.action != "upload" || is_true(body, "existing") || is_true(body, "overwritten")) return {};
    const std::string public_id = string_at(body, "public_id");
    if (public_id.empty()) return {};
    return {asset_of(entry, body, public_id)};
  }
  if (entry.api == "admin" && entry.action == "upload_presets.create") {
    std::string name = string_at(body, "name", field(entry, "name"));
    if (name.empty()) return {};
    return {{Kind::kUploadPreset, entry.cloud, "", "", name}};
  }
  if (entry.api == "admin" && entry.action == "transformations.create") {
    std::string name = field(entry, "name");
    if (name.empty()) name = path_name_after(entry.path, "transformations");
    if (name.empty()) return {};
    return {{Kind::kNamedTransformation, entry.cloud, "", "", name}};
  }
  return {};
}

void CreatedResources::observe(const mock::JournalEntry& entry) {
  if (entry.api == "upload" && entry.action == "rename" && entry.status >= 200 && entry.status < 300) {
    // The run's own asset under its new name; another's stays another's, renamed or not.
    const nlohmann::json body = mock::parse_json_text(entry.response_body).doc;
    const std::string from = field(entry, "from_public_id"), to = string_at(body, "public_id");
    if (from.empty() || to.empty()) return;
    std::optional<CreatedResource> renamed;
    {
      std::lock_guard lock(mutex_);
      for (auto& r : resources_) {
        if (r.kind == CreatedResource::Kind::kAsset && r.cloud == entry.cloud && r.name == from) {
          renamed = r = asset_of(entry, body, to);
          break;
        }
      }
    }
    if (renamed && listener_) listener_(*renamed);
    return;
  }
  for (auto& r : created_by(entry)) add(std::move(r));
}

void CreatedResources::add(CreatedResource resource) {
  {
    std::lock_guard lock(mutex_);
    if (std::find(resources_.begin(), resources_.end(), resource) != resources_.end()) return;
    resources_.push_back(resource);
  }
  if (listener_) listener_(resource);
}

std::vector<CreatedResource> CreatedResources::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(resources_, {});
}

}  // namespace cldcert::live
