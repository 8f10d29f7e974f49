// Deletes what a live run created (created_resources.h) through the Admin API: assets by delivery
// type in batches, upload presets, named transformations. What it could not delete is returned, so the
// run reports it; a resource already gone counts as deleted.
#pragma once

#include <string>
#include <vector>

#include "harness/live/created_resources.h"
#include "harness/live/upstream_forwarder.h"
#include "mocks/accounts.h"

namespace cldcert::live {

// Public ids per Admin API delete call (Cloudinary's limit).
inline constexpr std::size_t kDeleteBatch = 100;

// One line per resource left behind: describe(resource) and why. Resources of a cloud the accounts do not
// hold are left behind too (there are no credentials to delete them with). `not_deleted`, when given, gets
// those resources themselves (the ledger keeps them).
std::vector<std::string> delete_created(const UpstreamForwarder& upstream, const mock::Accounts& accounts,
                                        const std::vector<CreatedResource>& resources,
                                        std::vector<CreatedResource>* not_deleted = nullptr);

}  // namespace cldcert::live
