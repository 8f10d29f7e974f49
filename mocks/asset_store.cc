#include "mocks/asset_store.h"

#include <algorithm>

namespace cldcert::mock {
namespace {

// Stores `asset` at `k`; the asset it replaces loses its bytes unless `asset` reuses them.
void store_replacing(std::map<std::string, Asset>& assets, const std::string& k, Asset asset) {
  auto old = assets.find(k);
  if (old != assets.end() && !old->second.file.empty() && old->second.file != asset.file) {
    std::error_code ignored;
    std::filesystem::remove(old->second.file, ignored);
  }
  assets[k] = std::move(asset);
}

}  // namespace

AssetStore::AssetStore(const Accounts& accounts, std::filesystem::path data_dir) : data_dir_(std::move(data_dir)) {
  std::filesystem::create_directories(data_dir_ / "blobs");
  for (const auto& account : accounts.accounts) {
    for (const auto& cloud : account.clouds) clouds_[cloud.cloud_name].presets = cloud.upload_presets;
  }
}

void AssetStore::reset(const Accounts& accounts) {
  std::lock_guard lock(mutex_);
  for (auto& [name, cloud] : clouds_) {
    for (auto& [k, asset] : cloud.assets) {
      std::error_code ignored;
      if (!asset.file.empty()) std::filesystem::remove(asset.file, ignored);
    }
  }
  clouds_.clear();
  for (const auto& account : accounts.accounts) {
    for (const auto& cloud : account.clouds) clouds_[cloud.cloud_name].presets = cloud.upload_presets;
  }
}

std::string AssetStore::key(const std::string& resource_type, const std::string& type, const std::string& public_id) {
  return resource_type + '/' + type + '/' + public_id;
}

std::optional<Asset> AssetStore::find(const std::string& cloud, const std::string& resource_type,
                                      const std::string& type, const std::string& public_id) const {
  std::lock_guard lock(mutex_);
  auto c = clouds_.find(cloud);
  if (c == clouds_.end()) return std::nullopt;
  auto a = c->second.assets.find(key(resource_type, type, public_id));
  if (a == c->second.assets.end()) return std::nullopt;
  return a->second;
}

void AssetStore::put(const std::string& cloud, Asset asset) {
  std::lock_guard lock(mutex_);
  auto k = key(asset.resource_type, asset.type, asset.public_id);
  store_replacing(clouds_[cloud].assets, k, std::move(asset));
}

bool AssetStore::erase(const std::string& cloud, const std::string& resource_type, const std::string& type,
                       const std::string& public_id) {
  std::lock_guard lock(mutex_);
  auto c = clouds_.find(cloud);
  if (c == clouds_.end()) return false;
  auto a = c->second.assets.find(key(resource_type, type, public_id));
  if (a == c->second.assets.end()) return false;
  if (!a->second.file.empty()) {
    std::error_code ignored;
    std::filesystem::remove(a->second.file, ignored);
  }
  c->second.assets.erase(a);
  return true;
}

bool AssetStore::rename(const std::string& cloud, const std::string& resource_type, const std::string& type,
                        const std::string& public_id, Asset renamed) {
  std::lock_guard lock(mutex_);
  auto& assets = clouds_[cloud].assets;
  auto from = assets.find(key(resource_type, type, public_id));
  if (from == assets.end()) return false;
  assets.erase(from);
  auto k = key(renamed.resource_type, renamed.type, renamed.public_id);
  store_replacing(assets, k, std::move(renamed));
  return true;
}

std::vector<Asset> AssetStore::list(const std::string& cloud) const {
  std::lock_guard lock(mutex_);
  std::vector<Asset> out;
  auto c = clouds_.find(cloud);
  if (c == clouds_.end()) return out;
  for (const auto& [k, asset] : c->second.assets) out.push_back(asset);
  return out;
}

std::optional<UploadPreset> AssetStore::find_preset(const std::string& cloud, const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto c = clouds_.find(cloud);
  if (c == clouds_.end()) return std::nullopt;
  for (const auto& preset : c->second.presets) {
    if (preset.name == name) return preset;
  }
  return std::nullopt;
}

void AssetStore::put_preset(const std::string& cloud, UploadPreset preset) {
  std::lock_guard lock(mutex_);
  auto& presets = clouds_[cloud].presets;
  for (auto& existing : presets) {
    if (existing.name == preset.name) {
      existing = std::move(preset);
      return;
    }
  }
  presets.push_back(std::move(preset));
}

bool AssetStore::erase_preset(const std::string& cloud, const std::string& name) {
  std::lock_guard lock(mutex_);
  auto& presets = clouds_[cloud].presets;
  auto it = std::find_if(presets.begin(), presets.end(), [&](const UploadPreset& p) { return p.name == name; });
  if (it == presets.end()) return false;
  presets.erase(it);
  return true;
}

std::vector<UploadPreset> AssetStore::list_presets(const std::string& cloud) const {
  std::lock_guard lock(mutex_);
  auto c = clouds_.find(cloud);
  return c == clouds_.end() ? std::vector<UploadPreset>{} : c->second.presets;
}

std::optional<std::string> AssetStore::find_named_transformation(const std::string& cloud,
                                                                 const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto c = clouds_.find(cloud);
  if (c == clouds_.end()) return std::nullopt;
  auto t = c->second.named_transformations.find(name);
  if (t == c->second.named_transformations.end()) return std::nullopt;
  return t->second;
}

void AssetStore::put_named_transformation(const std::string& cloud, const std::string& name, std::string definition) {
  std::lock_guard lock(mutex_);
  clouds_[cloud].named_transformations[name] = std::move(definition);
}

bool AssetStore::erase_named_transformation(const std::string& cloud, const std::string& name) {
  std::lock_guard lock(mutex_);
  return clouds_[cloud].named_transformations.erase(name) > 0;
}

std::map<std::string, std::string> AssetStore::list_named_transformations(const std::string& cloud) const {
  std::lock_guard lock(mutex_);
  auto c = clouds_.find(cloud);
  return c == clouds_.end() ? std::map<std::string, std::string>{} : c->second.named_transformations;
}

std::filesystem::path AssetStore::new_blob_path() {
  std::lock_guard lock(mutex_);
  return data_dir_ / "blobs" / ("blob-" + std::to_string(next_blob_++));
}

}  // namespace cldcert::mock
