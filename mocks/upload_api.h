// The Upload API (/v1_1/{cloud}/{resource_type}/{upload|destroy|explicit|rename|tags}):
// streams the body, authenticates, stores, and answers as Cloudinary does.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "mocks/exchange.h"
#include "mocks/journal.h"
#include "mocks/mock_state.h"

namespace cldcert::mock {

bool is_upload_api_action(const std::string& action);
// The resource types an Upload API path names (/v1_1/<cloud>/<type>/<action>): image, video, raw, auto.
bool is_upload_resource_type(std::string_view type);

// `entry` is the journal entry under construction for this request; the exchange fills
// its fields, auth, chunk and asset parts. It must outlive the exchange.
std::unique_ptr<Exchange> begin_upload_api(MockState& state, const Cloud& cloud, const HttpRequestHead& head,
                                           const std::string& resource_type, const std::string& action,
                                           JournalEntry& entry);

}  // namespace cldcert::mock
