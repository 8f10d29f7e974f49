// Which hostnames the sandbox's resolver answers with the mock (127.0.0.1): Cloudinary's, and the script
// hosts of the video player. A stand-in with one function until the TLS front's host policy owns the list.
#pragma once

#include <string_view>

namespace cldcert::network {

// Case-insensitive; a trailing dot (a fully qualified name) is ignored.
bool sandbox_answers_host(std::string_view name);

}  // namespace cldcert::network
