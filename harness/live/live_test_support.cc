#include "harness/live/live_test_support.h"

#include "mocks/mock_test_support.h"

namespace cldcert::live::testing_support {

UpstreamCloud::UpstreamCloud(mock::Accounts accounts) {
  mock::MockOptions options;
  options.accounts = std::move(accounts);
  options.clock = [] { return mock::testing_support::kNow; };
  mock_ = std::make_unique<mock::MockCloudinary>(std::move(options));
  server_ = std::make_unique<mock::HttpServer>(*mock_);
  port_ = server_->bind("127.0.0.1", 0);
  serving_ = std::thread([this] { server_->run(); });
  server_->wait_until_running();
}

UpstreamCloud::~UpstreamCloud() {
  server_->stop();
  serving_.join();
}

UpstreamConfig UpstreamCloud::config() const {
  UpstreamConfig config;
  config.api_base = config.delivery_base = url();
  config.clock = [] { return mock::testing_support::kNow; };  // the mock's: its resets are ahead
  return config;
}

}  // namespace cldcert::live::testing_support
