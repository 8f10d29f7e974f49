// Authenticates an Upload API request as Cloudinary does: signed (SHA-1/SHA-256, v1/v2),
// HTTP Basic, OAuth bearer (recorded, not validated) or unsigned with an unsigned preset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "mocks/accounts.h"
#include "mocks/asset_store.h"
#include "mocks/http_types.h"
#include "mocks/journal.h"
#include "mocks/upload_signature.h"

namespace cldcert::mock {

// Cloudinary accepts a signature for an hour after its timestamp.
inline constexpr std::int64_t kSignatureValiditySeconds = 3600;

struct UploadAuthResult {
  AuthRecord record;
  std::optional<HttpResponse> refusal;  // set when the request must be refused
  bool may_write = true;                // false for a read_only cloud's key
};

// `requires_upload_preset_or_signature`: false for calls that Cloudinary only accepts signed
// (destroy, explicit, rename), where an unsigned preset does not help.
UploadAuthResult authenticate_upload(const Cloud& cloud, const FormParams& params, const HeaderList& headers,
                                     const AssetStore& store, std::int64_t now_unix, bool allow_unsigned);

}  // namespace cldcert::mock
