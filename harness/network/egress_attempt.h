// A connection the network front refused because it named a host other than Cloudinary's: step evidence
// (StepRecord::egress) that the network.egress check judges.
#pragma once

#include <cstdint>
#include <string>

namespace cldcert::network {

struct EgressAttempt {
  std::string host;
  int port = 0;
  std::string how;  // sni | connect | absolute_url | host_header: where the client named the host
  std::int64_t unix_ms = 0;
};

}  // namespace cldcert::network
