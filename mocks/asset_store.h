// What each mock cloud holds: its assets (bytes on disk, metadata in memory) and upload presets.
// One mutex guards it all; callers get copies, so no reference outlives the lock.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/accounts.h"

namespace cldcert::mock {

struct Asset {
  std::string asset_id;
  std::string public_id;
  std::string resource_type;  // image | video | raw
  std::string type;           // upload | private | authenticated
  // "authenticated": an upload-type asset that is delivered only on a signed URL, like the
  // authenticated type, while its URLs keep /upload/ (Upload API `access_mode`).
  std::string access_mode = "public";
  std::string format;  // "" for raw assets (their extension stays in the public id)
  std::int64_t version = 0;
  std::string version_id;
  std::string etag;
  std::string created_at;
  std::uint64_t bytes = 0;
  std::string sha256;
  std::optional<int> width;
  std::optional<int> height;
  std::vector<std::string> tags;
  nlohmann::json context = nlohmann::json::object();
  std::string asset_folder;
  std::string display_name;
  std::string original_filename;
  std::string remote_url;      // for uploads of a remote URL (never fetched, so no bytes)
  std::filesystem::path file;  // stored bytes; empty for remote-URL uploads
};

class AssetStore {
 public:
  // Stored bytes live under `data_dir`; presets start as the accounts file declares them.
  AssetStore(const Accounts& accounts, std::filesystem::path data_dir);

  std::optional<Asset> find(const std::string& cloud, const std::string& resource_type, const std::string& type,
                            const std::string& public_id) const;
  // Inserts or replaces; a replaced asset's file is deleted when it is not reused.
  void put(const std::string& cloud, Asset asset);
  // Removes the asset and its bytes; false when there was none.
  bool erase(const std::string& cloud, const std::string& resource_type, const std::string& type,
             const std::string& public_id);
  std::vector<Asset> list(const std::string& cloud) const;
  // Re-keys an asset (rename, change of type) keeping its bytes; a replaced target's bytes go.
  bool rename(const std::string& cloud, const std::string& resource_type, const std::string& type,
              const std::string& public_id, Asset renamed);

  std::optional<UploadPreset> find_preset(const std::string& cloud, const std::string& name) const;
  void put_preset(const std::string& cloud, UploadPreset preset);
  bool erase_preset(const std::string& cloud, const std::string& name);
  std::vector<UploadPreset> list_presets(const std::string& cloud) const;

  // Named transformations (`t_<name>` in delivery URLs), name -> definition ("c_fill,w_100").
  std::optional<std::string> find_named_transformation(const std::string& cloud, const std::string& name) const;
  void put_named_transformation(const std::string& cloud, const std::string& name, std::string definition);
  bool erase_named_transformation(const std::string& cloud, const std::string& name);
  std::map<std::string, std::string> list_named_transformations(const std::string& cloud) const;

  // Back to the state the accounts describe: no assets (their bytes deleted), initial presets.
  void reset(const Accounts& accounts);

  // A fresh path under the data dir for an upload's bytes.
  std::filesystem::path new_blob_path();
  const std::filesystem::path& data_dir() const { return data_dir_; }

 private:
  static std::string key(const std::string& resource_type, const std::string& type, const std::string& public_id);
  struct CloudState {
    std::map<std::string, Asset> assets;
    std::vector<UploadPreset> presets;
    std::map<std::string, std::string> named_transformations;
  };
  mutable std::mutex mutex_;
  std::map<std::string, CloudState, std::less<>> clouds_;
  std::filesystem::path data_dir_;
  std::uint64_t next_blob_ = 1;
};

}  // namespace cldcert::mock
