// The harness's own Admin API calls to a live cloud, with its key and secret as Basic auth: the
// credential probe, the emptiness check and the cleanup. Never journaled: they are not the integration's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/live/upstream_forwarder.h"
#include "mocks/accounts.h"

namespace cldcert::live {

struct AdminAnswer {
  int status = 0;
  nlohmann::json body;  // null when the answer was not JSON
  // Cloudinary's error message ({"error":{"message":…}}), else the status alone: for problems.
  std::string message() const;
};

class AdminClient {
 public:
  AdminClient(const UpstreamForwarder& upstream, const mock::Cloud& cloud) : upstream_(upstream), cloud_(cloud) {}

  // `method` /v1_1/<cloud>/<route>[?query]; `route` and `query` already percent-encoded; a `form` body
  // (application/x-www-form-urlencoded, encoded) when not empty.
  AdminAnswer call(std::string method, std::string_view route, std::string_view query = {},
                   std::string_view form = {}) const;

 private:
  const UpstreamForwarder& upstream_;
  const mock::Cloud& cloud_;
};

}  // namespace cldcert::live
