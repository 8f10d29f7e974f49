// R18 on the limits scenario: each upload and listing judged against the limits the manifest declares. A
// file or batch within them is stored as it is; one past a limit is refused to the user before anything is sent.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

// limits.max_upload_bytes: a file of exactly that size is uploaded and stored; one byte more is refused.
CheckResult check_limits_upload_size(const CheckInput& input);
// limits.file_types: a file of a declared type is uploaded and stored; one of another type is refused.
CheckResult check_limits_file_types(const CheckInput& input);
// limits.max_listed: with more assets in the cloud, the list shows that many and asks Cloudinary for no more;
// with exactly that many, it shows them all.
CheckResult check_limits_listed(const CheckInput& input);
// limits.max_parallel_uploads: a batch larger than it is uploaded whole, never more uploads at once.
CheckResult check_limits_parallel_uploads(const CheckInput& input);
// limits.queue_size: a batch of that many files is uploaded whole; a larger one is refused, nothing sent.
CheckResult check_limits_queue_size(const CheckInput& input);

}  // namespace cldcert
