// The one policy for which hostnames are Cloudinary's: what the network front forwards to the mock
// (every other host is refused and recorded as egress). The sandbox resolves these same names.
#pragma once

#include <string>
#include <string_view>

namespace cldcert::network {

// True for api.cloudinary.com (and its regional api-eu/api-ap), res.cloudinary.com, res-N.cloudinary.com,
// <cloud>-res.cloudinary.com and the hosts of the widget and player scripts the mock's widget shims answer
// (mocks/widget_shims.cc). Case-insensitive; `host` carries no port and no trailing dot.
bool is_cloudinary_host(std::string_view host);

// "host" of "host:port", "[v6]:port", "host." or "HOST": lowercased, port and trailing dot dropped.
std::string hostname_of(std::string_view authority);

}  // namespace cldcert::network
