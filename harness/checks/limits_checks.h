// R18 on the limits scenario: each upload judged against the limits the manifest declares. A file
// within them is stored as it is; one past a limit is refused to the user before anything is sent.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

// limits.max_upload_bytes: a file of exactly that size is uploaded and stored; one byte more is refused.
CheckResult check_limits_upload_size(const CheckInput& input);
// limits.file_types: a file of a declared type is uploaded and stored; one of another type is refused.
CheckResult check_limits_file_types(const CheckInput& input);

}  // namespace cldcert
