// The live clouds as a bundle keeps them (plan/live-accounts.json): names, keys, roles, presets and
// sub-account ids as the run used them, with no secret, so `cldcert verify` judges with the same clouds.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "mocks/accounts.h"

namespace cldcert::live {

// mock::accounts_to_json without api_secret and provisioning_secret.
nlohmann::json accounts_without_secrets(const mock::Accounts& accounts);

// The clouds back, every secret empty (checks needing one answer from the run's record instead). Throws
// mock::AccountsError naming `source` and the field: a malformed file, or one holding a secret field.
mock::Accounts accounts_from_bundle(const nlohmann::json& doc, std::string_view source);

}  // namespace cldcert::live
