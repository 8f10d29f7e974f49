#include "harness/live/created_resources.h"

#include <algorithm>
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
    // Every Upload API answer naming an asset: upload, explicit, rename (its new name), the last chunk.
    const std::string public_id = string_at(body, "public_id");
    if (public_id.empty() || entry.action == "destroy") return {};
    std::string resource_type = string_at(body, "resource_type", entry.resource_type);
    if (resource_type == "auto" || resource_type.empty()) resource_type = "image";
    return {{Kind::kAsset, entry.cloud, resource_type, string_at(body, "type", "upload"), public_id}};
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
  for (auto& r : created_by(entry)) add(std::move(r));
}

void CreatedResources::add(CreatedResource resource) {
  std::lock_guard lock(mutex_);
  if (std::find(resources_.begin(), resources_.end(), resource) == resources_.end())
    resources_.push_back(std::move(resource));
}

std::vector<CreatedResource> CreatedResources::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(resources_, {});
}

}  // namespace cldcert::live
