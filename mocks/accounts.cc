#include "mocks/accounts.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "mocks/json_problems.h"
#include "mocks/text.h"

namespace cldcert::mock {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoleNames{{
    {Role::kMasterAdmin, "master_admin"},
    {Role::kAdmin, "admin"},
    {Role::kTechnicalAdmin, "technical_admin"},
    {Role::kReadOnly, "read_only"},
}};
constexpr std::string_view kRoleExpected = "one of master_admin, admin, technical_admin, read_only";
constexpr std::string_view kAlgorithmExpected = "one of sha1, sha256";
constexpr std::string_view kCloudNameExpected = "a cloud name of 1 to 64 lowercase letters, digits, '-' or '_'";
constexpr std::string_view kApiKeyExpected = "a string of 1 to 32 digits";
constexpr std::string_view kNonEmptyString = "a non-empty string";

std::optional<Role> role_from_name(std::string_view name) {
  for (const auto& [role, role_text] : kRoleNames) {
    if (role_text == name) return role;
  }
  return std::nullopt;
}

std::string_view algorithm_name(DigestAlgorithm algorithm) {
  return algorithm == DigestAlgorithm::kSha256 ? "sha256" : "sha1";
}

bool is_valid_cloud_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; });
}

bool is_valid_api_key(std::string_view key) {
  if (key.empty() || key.size() > 32) return false;
  return std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_non_empty(std::string_view s) { return !s.empty(); }
bool is_any(std::string_view) { return true; }

struct Seen {
  std::map<std::string, std::string> account_ids, cloud_names, api_keys, cloud_ids;
};

UploadPreset parse_preset(JsonProblems& check, const json& entry, const std::string& at,
                          std::map<std::string, std::string>& names) {
  UploadPreset preset;
  if (!entry.is_object()) {
    check.problem(at, "an upload preset object", json_type_phrase(entry));
    return preset;
  }
  if (auto name = check.string_field(entry, at, "name", true, Echo::kShow, kNonEmptyString, is_non_empty)) {
    preset.name = *name;
    check.unique(names, *name, at + "/name", "a preset name not used before in this cloud", Echo::kShow);
  }
  if (auto it = entry.find("unsigned"); it != entry.end()) {
    if (it->is_boolean()) {
      preset.is_unsigned = it->get<bool>();
    } else {
      check.problem(at + "/unsigned", "true or false", json_shown(*it));
    }
  }
  for (const auto& [key, value] : entry.items()) {
    if (key != "name" && key != "unsigned") preset.settings[key] = value;
  }
  return preset;
}

Cloud parse_cloud(JsonProblems& check, const json& entry, const std::string& at, Seen& seen) {
  Cloud cloud;
  if (!entry.is_object()) {
    check.problem(at, "a cloud object", json_type_phrase(entry));
    return cloud;
  }
  if (auto name =
          check.string_field(entry, at, "cloud_name", true, Echo::kShow, kCloudNameExpected, is_valid_cloud_name)) {
    cloud.cloud_name = *name;
    check.unique(seen.cloud_names, *name, at + "/cloud_name", "a cloud name not used before", Echo::kShow);
  }
  if (auto key = check.string_field(entry, at, "api_key", true, Echo::kRedact, kApiKeyExpected, is_valid_api_key)) {
    cloud.api_key = *key;
    check.unique(seen.api_keys, *key, at + "/api_key", "an api key not used before", Echo::kShow);
  }
  if (auto secret = check.string_field(entry, at, "api_secret", true, Echo::kRedact, kNonEmptyString, is_non_empty)) {
    cloud.api_secret = *secret;
  }
  if (auto it = entry.find("role"); it != entry.end()) {
    auto role = it->is_string() ? role_from_name(it->get_ref<const std::string&>()) : std::nullopt;
    if (role) {
      cloud.role = *role;
    } else {
      check.problem(at + "/role", kRoleExpected, json_shown(*it));
    }
  }
  if (auto it = entry.find("signature_algorithm"); it != entry.end()) {
    if (*it == "sha1") {
      cloud.signature_algorithm = DigestAlgorithm::kSha1;
    } else if (*it == "sha256") {
      cloud.signature_algorithm = DigestAlgorithm::kSha256;
    } else {
      check.problem(at + "/signature_algorithm", kAlgorithmExpected, json_shown(*it));
    }
  }
  if (auto it = entry.find("upload_presets"); it != entry.end()) {
    if (!it->is_array()) {
      check.problem(at + "/upload_presets", "an array of upload presets", json_type_phrase(*it));
    } else {
      std::map<std::string, std::string> names;
      for (std::size_t i = 0; i < it->size(); ++i) {
        cloud.upload_presets.push_back(
            parse_preset(check, (*it)[i], at + "/upload_presets/" + std::to_string(i), names));
      }
    }
  }
  if (auto id = check.string_field(entry, at, "id", false, Echo::kShow, kNonEmptyString, is_non_empty)) {
    cloud.id = *id;
  } else if (!entry.contains("id") && !cloud.cloud_name.empty()) {
    cloud.id = subaccount_id_for(cloud.cloud_name);
  }
  if (!cloud.id.empty()) {
    check.unique(seen.cloud_ids, cloud.id, at + "/id", "a sub-account id not used before", Echo::kShow);
  }
  return cloud;
}

Account parse_account(JsonProblems& check, const json& entry, const std::string& at, Seen& seen) {
  Account account;
  if (!entry.is_object()) {
    check.problem(at, "an account object", json_type_phrase(entry));
    return account;
  }
  if (auto id = check.string_field(entry, at, "id", true, Echo::kShow, kNonEmptyString, is_non_empty)) {
    account.id = *id;
    check.unique(seen.account_ids, *id, at + "/id", "an account id not used before", Echo::kShow);
  }
  if (auto key = check.string_field(entry, at, "provisioning_key", true, Echo::kRedact, "a string", is_any)) {
    account.provisioning_key = *key;
  }
  if (auto secret = check.string_field(entry, at, "provisioning_secret", true, Echo::kRedact, "a string", is_any)) {
    account.provisioning_secret = *secret;
  }
  auto clouds = entry.find("clouds");
  if (clouds == entry.end()) {
    check.problem(at + "/clouds", "an array of clouds", "nothing");
  } else if (!clouds->is_array()) {
    check.problem(at + "/clouds", "an array of clouds", json_type_phrase(*clouds));
  } else {
    for (std::size_t i = 0; i < clouds->size(); ++i) {
      Cloud cloud = parse_cloud(check, (*clouds)[i], at + "/clouds/" + std::to_string(i), seen);
      cloud.account_id = account.id;
      account.clouds.push_back(std::move(cloud));
    }
  }
  return account;
}

// --- generation -----------------------------------------------------------

// splitmix64, written out so every platform and standard library yields the
// same stream (std distributions are implementation-defined).
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Modulo bias below 2^-59 for these tiny n: irrelevant for fake credentials.
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }

 private:
  std::uint64_t state_;
};

constexpr std::string_view kSecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string random_digits(SplitMix64& rng, int count) {
  std::string out(1, static_cast<char>('1' + rng.below(9)));
  while (static_cast<int>(out.size()) < count) out.push_back(static_cast<char>('0' + rng.below(10)));
  return out;
}

// 27 characters like Cloudinary's secrets. Every one gets a digit and a '-'
// or '_', so leak scanners always meet the characters that break naive
// word-boundary matching, whatever the seed.
std::string random_secret(SplitMix64& rng) {
  constexpr int kLength = 27;
  std::string out;
  for (int i = 0; i < kLength; ++i) out.push_back(kSecretAlphabet[rng.below(64)]);
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  auto is_mark = [](char c) { return c == '-' || c == '_'; };
  std::size_t digit_at = std::string::npos;
  if (std::none_of(out.begin(), out.end(), is_digit)) {
    digit_at = rng.below(kLength);
    out[digit_at] = static_cast<char>('0' + rng.below(10));
  }
  if (std::none_of(out.begin(), out.end(), is_mark)) {
    std::size_t at = rng.below(kLength);
    if (at == digit_at) at = (at + 1) % kLength;
    out[at] = rng.below(2) == 0 ? '-' : '_';
  }
  return out;
}

// Keys unique across the whole set, api and provisioning alike, so a key
// names one credential.
std::string unique_key(SplitMix64& rng, std::set<std::string>& used) {
  for (;;) {
    std::string key = random_digits(rng, 15);
    if (used.insert(key).second) return key;
  }
}

std::string cloud_suffix(int index) {
  constexpr std::array<std::string_view, 4> kNames{"prod", "staging", "dev", "qa"};
  if (index < static_cast<int>(kNames.size())) return std::string(kNames[index]);
  return "c" + std::to_string(index + 1);
}

}  // namespace

std::string_view role_name(Role role) {
  for (const auto& [candidate, name] : kRoleNames) {
    if (candidate == role) return name;
  }
  return "master_admin";
}

bool role_can_write(Role role) { return role != Role::kReadOnly; }

const UploadPreset* Cloud::find_preset(std::string_view name) const {
  for (const auto& preset : upload_presets) {
    if (preset.name == name) return &preset;
  }
  return nullptr;
}

const Cloud* Accounts::find_cloud(std::string_view cloud_name) const {
  for (const auto& account : accounts) {
    for (const auto& cloud : account.clouds) {
      if (cloud.cloud_name == cloud_name) return &cloud;
    }
  }
  return nullptr;
}

const Cloud* Accounts::find_cloud_by_api_key(std::string_view api_key) const {
  for (const auto& account : accounts) {
    for (const auto& cloud : account.clouds) {
      if (cloud.api_key == api_key) return &cloud;
    }
  }
  return nullptr;
}

const Account* Accounts::find_account(std::string_view account_id) const {
  for (const auto& account : accounts) {
    if (account.id == account_id) return &account;
  }
  return nullptr;
}

std::vector<std::string> Accounts::all_secrets() const {
  std::vector<std::string> out;
  auto add = [&out](const std::string& secret) {
    // An empty "secret" would match everywhere and redact everything.
    if (!secret.empty() && std::find(out.begin(), out.end(), secret) == out.end()) out.push_back(secret);
  };
  for (const auto& account : accounts) {
    add(account.provisioning_secret);
    for (const auto& cloud : account.clouds) add(cloud.api_secret);
  }
  return out;
}

AccountsError::AccountsError(std::vector<std::string> problem_lines)
    : std::runtime_error(text::join(problem_lines, "\n")), problems(std::move(problem_lines)) {}

std::string subaccount_id_for(std::string_view cloud_name) { return sha256_hex(cloud_name).substr(0, 32); }

Accounts parse_accounts(const json& doc, std::string_view source_name) {
  JsonProblems check(source_name);
  Accounts out;
  if (!doc.is_object()) {
    check.problem("", "an object with an \"accounts\" array", json_type_phrase(doc));
    throw AccountsError(check.problems());
  }
  auto list = doc.find("accounts");
  if (list == doc.end()) {
    check.problem("/accounts", "a non-empty array of accounts", "nothing");
  } else if (!list->is_array() || list->empty()) {
    check.problem("/accounts", "a non-empty array of accounts", json_type_phrase(*list));
  } else {
    Seen seen;
    for (std::size_t i = 0; i < list->size(); ++i) {
      out.accounts.push_back(parse_account(check, (*list)[i], "/accounts/" + std::to_string(i), seen));
    }
  }
  if (!check.problems().empty()) throw AccountsError(check.problems());
  return out;
}

Accounts load_accounts_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  FileText file = read_file_text(path);
  if (!file.error.empty()) throw AccountsError({name + ": cannot read the accounts file: " + file.error});
  ParsedJson parsed = parse_json_text(file.text, DuplicateKeys::kRefuse);
  if (!parsed.error.empty()) throw AccountsError({name + ": " + parsed.error});
  return parse_accounts(parsed.doc, name);
}

json accounts_to_json(const Accounts& accounts) {
  json list = json::array();
  for (const auto& account : accounts.accounts) {
    json clouds = json::array();
    for (const auto& cloud : account.clouds) {
      json presets = json::array();
      for (const auto& preset : cloud.upload_presets) {
        json entry = preset.settings.is_object() ? preset.settings : json::object();
        entry["name"] = preset.name;
        entry["unsigned"] = preset.is_unsigned;
        presets.push_back(std::move(entry));
      }
      clouds.push_back(json::object({
          {"cloud_name", cloud.cloud_name},
          {"api_key", cloud.api_key},
          {"api_secret", cloud.api_secret},
          {"role", role_name(cloud.role)},
          {"signature_algorithm", algorithm_name(cloud.signature_algorithm)},
          {"upload_presets", std::move(presets)},
          {"id", cloud.id},
      }));
    }
    list.push_back(json::object({
        {"id", account.id},
        {"provisioning_key", account.provisioning_key},
        {"provisioning_secret", account.provisioning_secret},
        {"clouds", std::move(clouds)},
    }));
  }
  return json::object({{"accounts", std::move(list)}});
}

Accounts generate_accounts(std::uint64_t seed, int account_count, int clouds_per_account) {
  if (account_count < 1 || clouds_per_account < 0) {
    throw std::invalid_argument("generate_accounts: need account_count >= 1 and clouds_per_account >= 0");
  }
  constexpr std::array<Role, 4> kRoleCycle{Role::kMasterAdmin, Role::kReadOnly, Role::kAdmin, Role::kTechnicalAdmin};
  SplitMix64 top(seed);
  // Names carry a seed tag so clouds of different runs are told apart at a glance.
  const std::string prefix = "cldcert-" + text::hex_digits(top.next() >> 48, 4);
  std::set<std::string> used_keys;
  Accounts out;
  for (int a = 0; a < account_count; ++a) {
    // One stream per account: adding accounts or clouds leaves earlier ones as they were.
    SplitMix64 rng(SplitMix64(SplitMix64(seed).next() + static_cast<std::uint64_t>(a) + 1).next());
    Account account;
    account.id = prefix + "-a" + std::to_string(a + 1);
    account.provisioning_key = unique_key(rng, used_keys);
    account.provisioning_secret = random_secret(rng);
    for (int c = 0; c < clouds_per_account; ++c) {
      Cloud cloud;
      cloud.cloud_name = account.id + "-" + cloud_suffix(c);
      cloud.api_key = unique_key(rng, used_keys);
      cloud.api_secret = random_secret(rng);
      const std::size_t global_index =
          static_cast<std::size_t>(a) * static_cast<std::size_t>(clouds_per_account) + static_cast<std::size_t>(c);
      cloud.role = kRoleCycle[global_index % kRoleCycle.size()];
      if (c == 0) {
        if (a % 2 == 1) cloud.signature_algorithm = DigestAlgorithm::kSha256;
        cloud.upload_presets.push_back({"cldcert_unsigned", true, json::object()});
        cloud.upload_presets.push_back({"cldcert_signed", false, json::object()});
      }
      cloud.account_id = account.id;
      cloud.id = subaccount_id_for(cloud.cloud_name);
      account.clouds.push_back(std::move(cloud));
    }
    out.accounts.push_back(std::move(account));
  }
  return out;
}

}  // namespace cldcert::mock
