// The real clouds a live run drives (`cldcert run --live FILE`): the mock's accounts-file shape, where a
// cloud may also be its cloudinary://KEY:SECRET@CLOUD URL. Secrets are never echoed in an error.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mocks/accounts.h"

namespace cldcert::live {

// The environment variable naming the accounts file when --live is not given.
inline constexpr std::string_view kLiveAccountsVariable = "CLDCERT_LIVE_ACCOUNTS";

// The accounts file of a run: --live's value, else the variable's (null or empty: not set); "" when
// neither, which is a mock run.
std::string live_accounts_source(const std::string& option, const char* variable);

// "" when `value` can name the accounts file; else why not, without repeating it: a cloudinary:// URL
// there is a secret on the command line (shell history, `ps`), which cldcert refuses to take.
std::string live_source_problem(std::string_view value);

// The file's document as the mock's accounts file: a cloud given as a cloudinary:// URL becomes
// {cloud_name, api_key, api_secret[, signature_algorithm]}, and the short form {"clouds": [...]} one
// account "live" without provisioning keys. Problems are added as "<source>: <pointer>: expected …, found …".
nlohmann::json expand_live_accounts(const nlohmann::json& doc, std::string_view source,
                                    std::vector<std::string>& problems);

// Reads, expands and checks the file (mock::parse_accounts' rules). Throws mock::AccountsError naming the
// file, the field and what was found there, never a secret.
mock::Accounts load_live_accounts(const std::filesystem::path& path);

}  // namespace cldcert::live
