// The Provisioning (Account) API (/v1_1/provisioning/accounts/{account_id}/…): enough for an
// integration to list an account's sub-accounts (clouds) and users and offer "switch".
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mocks/exchange.h"
#include "mocks/journal.h"
#include "mocks/mock_state.h"

namespace cldcert::mock {

// `route` is the path after /v1_1/provisioning/accounts/, split on '/'.
std::unique_ptr<Exchange> begin_provisioning_api(MockState& state, const HttpRequestHead& head,
                                                 std::vector<std::string> route, JournalEntry& entry);

}  // namespace cldcert::mock
