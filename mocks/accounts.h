// The mock's accounts model: accounts, their clouds (sub-accounts), keys, roles and presets.
// Loads and checks the accounts file (DESIGN.md; accounts.schema.json) and generates seeded ones.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/digest.h"

namespace cldcert::mock {

// Cloudinary's user roles, as far as API keys are concerned.
enum class Role { kMasterAdmin, kAdmin, kTechnicalAdmin, kReadOnly };

// "master_admin", "admin", "technical_admin", "read_only".
std::string_view role_name(Role role);
// Only read_only keys are refused write operations.
bool role_can_write(Role role);

struct UploadPreset {
  std::string name;
  bool is_unsigned = false;
  // Every other field of the preset (folder, tags, ...), kept verbatim.
  nlohmann::json settings = nlohmann::json::object();
  bool operator==(const UploadPreset&) const = default;
};

struct Cloud {
  std::string cloud_name;
  std::string api_key;
  std::string api_secret;
  Role role = Role::kMasterAdmin;
  // For delivery-URL signatures; API request signatures follow the request.
  DigestAlgorithm signature_algorithm = DigestAlgorithm::kSha1;
  std::vector<UploadPreset> upload_presets;
  // The owning Account::id; filled by parse/generate, never read from the file.
  std::string account_id;
  // Sub-account id as the Provisioning API reports it; from the file's "id",
  // else subaccount_id_for(cloud_name).
  std::string id;

  const UploadPreset* find_preset(std::string_view name) const;
  bool operator==(const Cloud&) const = default;
};

struct Account {
  std::string id;
  std::string provisioning_key;
  std::string provisioning_secret;
  std::vector<Cloud> clouds;
  bool operator==(const Account&) const = default;
};

struct Accounts {
  std::vector<Account> accounts;

  // Pointers stay valid until `accounts` is modified. nullptr when absent.
  const Cloud* find_cloud(std::string_view cloud_name) const;
  const Cloud* find_cloud_by_api_key(std::string_view api_key) const;
  const Account* find_account(std::string_view account_id) const;
  // Every non-empty api_secret and provisioning_secret, first-seen order, no
  // duplicates: what redaction and leak checks must never let out.
  std::vector<std::string> all_secrets() const;
  bool operator==(const Accounts&) const = default;
};

// Every problem of a document at once, one per line in what():
// "<file>: <json pointer>: expected <...>, found <...>". Secret values are
// never echoed, so the message is safe to log and to put in a report.
struct AccountsError : std::runtime_error {
  explicit AccountsError(std::vector<std::string> problems);
  std::vector<std::string> problems;
};

// 32 lower-case hex, stable for a cloud name: the sub-account id of a cloud
// whose file entry has none.
std::string subaccount_id_for(std::string_view cloud_name);

// Validates `doc` and applies defaults; `source_name` prefixes each problem.
Accounts parse_accounts(const nlohmann::json& doc, std::string_view source_name);

// Unreadable file, bad JSON (with line and column) or invalid shape all
// become AccountsError naming `path`.
Accounts load_accounts_file(const std::filesystem::path& path);

// The file shape, defaults written out; parse_accounts(accounts_to_json(a))
// gives `a` back.
nlohmann::json accounts_to_json(const Accounts& accounts);

// Fresh, realistic-looking fake credentials, identical for a seed on every
// platform. Clouds cycle through master_admin, read_only, admin,
// technical_admin (so the default 2x2 is {master_admin, read_only},
// {admin, technical_admin}); each account's first cloud has the presets
// "cldcert_unsigned" and "cldcert_signed"; the first cloud of every second
// account signs delivery URLs with SHA-256. Throws std::invalid_argument
// unless account_count >= 1 and clouds_per_account >= 0.
Accounts generate_accounts(std::uint64_t seed, int account_count = 2, int clouds_per_account = 2);

}  // namespace cldcert::mock
