// Checks on how the integration uploads: resource types (R2), upload presets (R6),
// responsive breakpoints (R7), chunking and integrity of large files (R8).
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

// Files above this go up in chunks: Cloudinary refuses a plain upload over 100 MB.
inline constexpr std::uint64_t kLargeFileBytes = 100'000'000;
// Every chunk but the last must be at least this big, and none may exceed kLargeFileBytes.
inline constexpr std::uint64_t kMinChunkBytes = 5'000'000;

CheckResult check_upload_media_types(const CheckInput& input);
CheckResult check_upload_presets(const CheckInput& input);
CheckResult check_upload_breakpoints(const CheckInput& input);
CheckResult check_upload_chunked(const CheckInput& input);
CheckResult check_upload_integrity(const CheckInput& input);

}  // namespace cldcert
