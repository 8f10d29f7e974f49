// What `cldcert run --live` and `cldcert live-cleanup` both start from: the live accounts file loaded and
// the upstream named (Cloudinary's hosts, or the test-only --live-upstream with its --live-ca), with the
// same checks and the same words for what is wrong.
#pragma once

#include <string>

#include "harness/live/upstream_forwarder.h"
#include "mocks/accounts.h"

namespace cldcert::live {

struct LiveTarget {
  mock::Accounts accounts;
  UpstreamConfig config;
};

// `source`: the accounts file; `named`: how the user gave it (--live, CLDCERT_LIVE_ACCOUNTS, ACCOUNTS.json).
// "" with `out` filled, else what is wrong (maybe several lines), for "cldcert <command>: " to precede.
// Never a secret in it.
std::string load_live_target(const std::string& source, const std::string& named, const std::string& upstream_url,
                             const std::string& ca_file, LiveTarget& out);

}  // namespace cldcert::live
