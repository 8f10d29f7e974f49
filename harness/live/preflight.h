// What a live run checks of every cloud before it runs anything: the upstream accepts the cloud's key
// and secret (a 401 is named per cloud), and the cloud is empty, so the run cannot mistake a partner's
// assets for its own (refused unless --live-allow-nonempty).
#pragma once

#include <string>
#include <vector>

#include "harness/live/upstream_forwarder.h"
#include "mocks/accounts.h"

namespace cldcert::live {

// One line per cloud whose credentials the upstream did not accept ("cloud NAME: …", never a secret), and
// per account whose provisioning key and secret it did not (when the file gives them: the Provisioning
// API's sub-account list); empty when every cloud answered the Admin API's ping.
std::vector<std::string> refused_credentials(const UpstreamForwarder& upstream, const mock::Accounts& accounts);

// One line per cloud that holds assets (naming a few of them), or whose assets could not be listed.
std::vector<std::string> nonempty_clouds(const UpstreamForwarder& upstream, const mock::Accounts& accounts);

}  // namespace cldcert::live
