// The mock's own control API under /__cldcert/ (never a Cloudinary path): health,
// the journal, reset. Its requests are not integration traffic, so they are not journaled.
#pragma once

#include <memory>

#include "mocks/exchange.h"
#include "mocks/mock_state.h"

namespace cldcert::mock {

inline constexpr std::string_view kControlPrefix = "/__cldcert/";

std::unique_ptr<Exchange> begin_control_api(MockState& state, const HttpRequestHead& head);

}  // namespace cldcert::mock
