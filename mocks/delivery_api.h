// Delivery (/{cloud}/{image|video|raw}/{upload|private|authenticated|fetch}/…) and the signed
// private download endpoint: serves stored bytes, verifies URL signatures, parses transformations.
#pragma once

#include <memory>
#include <string>

#include "mocks/exchange.h"
#include "mocks/journal.h"
#include "mocks/mock_state.h"

namespace cldcert::mock {

// True when the path looks like a delivery URL path (/{cloud}/{resource_type}/{type}/…, or an
// SEO-friendly /{cloud}/images/…).
bool is_delivery_path(const std::string& path);

// True for /{known cloud}/… that is no other delivery path: a use_root_path URL, which drops
// "image/upload" (/{cloud}/v1/{public_id}.jpg).
bool is_root_delivery_path(const Accounts& accounts, const std::string& path);

std::unique_ptr<Exchange> begin_delivery(MockState& state, const HttpRequestHead& head, JournalEntry& entry);

// GET /v1_1/{cloud}/{resource_type}/download?…&signature=…: what private_download_url builds.
std::unique_ptr<Exchange> begin_private_download(MockState& state, const Cloud& cloud, const HttpRequestHead& head,
                                                 const std::string& resource_type, JournalEntry& entry);

}  // namespace cldcert::mock
