// Test-only: a mock Cloudinary on a loopback port standing in for the real one, the upstream a live
// run's units forward to (plain HTTP here; the e2e test covers TLS and certificate checks).
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "harness/live/upstream_forwarder.h"
#include "mocks/accounts.h"
#include "mocks/http_server.h"
#include "mocks/mock_cloudinary.h"

namespace cldcert::live::testing_support {

class UpstreamCloud {
 public:
  // Its clock is pinned to mock::testing_support::kNow, as signed_params() signs.
  explicit UpstreamCloud(mock::Accounts accounts);
  ~UpstreamCloud();

  mock::MockCloudinary& mock() { return *mock_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Both bases at url().
  UpstreamConfig config() const;

 private:
  std::unique_ptr<mock::MockCloudinary> mock_;
  std::unique_ptr<mock::HttpServer> server_;
  int port_ = 0;
  std::thread serving_;
};

}  // namespace cldcert::live::testing_support
