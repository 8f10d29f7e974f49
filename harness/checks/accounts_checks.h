// B5 (and R16, which says "see B5") on what each step sent: every request of a step goes to the
// step's cloud with that cloud's key; nothing is sent after logout; a restricted (read_only) key's
// refusal is surfaced as a message, not a crash; a sub-account picked from the Provisioning API's
// listing is worked in with its own key, and the listing with the account's provisioning key.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

CheckResult check_accounts_isolation(const CheckInput& input);
CheckResult check_accounts_logout(const CheckInput& input);
CheckResult check_accounts_restricted_key(const CheckInput& input);
CheckResult check_accounts_sub_account(const CheckInput& input);

}  // namespace cldcert
