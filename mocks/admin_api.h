// The Admin API (/v1_1/{cloud}/resources, upload_presets, transformations, ping, usage, …):
// HTTP Basic auth with the cloud's key and secret, roles enforced, rate-limit headers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mocks/exchange.h"
#include "mocks/journal.h"
#include "mocks/mock_state.h"

namespace cldcert::mock {

// `route` is the path after /v1_1/{cloud}/, split on '/' (public ids may span several parts).
std::unique_ptr<Exchange> begin_admin_api(MockState& state, const Cloud& cloud, const HttpRequestHead& head,
                                          std::vector<std::string> route, JournalEntry& entry);

}  // namespace cldcert::mock
