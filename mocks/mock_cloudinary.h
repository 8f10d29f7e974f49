// The mock Cloudinary as a library: give it a request head and body bytes, get the
// response; every request lands in the journal. mocks/http_server.h puts it on a port.
#pragma once

#include <memory>
#include <string_view>

#include "mocks/exchange.h"
#include "mocks/journal.h"
#include "mocks/mock_state.h"

namespace cldcert::mock {

class MockCloudinary {
 public:
  explicit MockCloudinary(MockOptions options);
  ~MockCloudinary();

  // Starts a request; the caller feeds the body, then calls finish() exactly once.
  std::unique_ptr<Exchange> begin(HttpRequestHead head);
  // A whole request at once, for tests and small calls.
  HttpResponse handle(HttpRequestHead head, std::string_view body);

  Journal& journal() { return state_->journal; }
  const Accounts& accounts() const { return state_->options.accounts; }
  AssetStore& store() { return state_->store; }
  MockState& state() { return *state_; }

 private:
  // Picks the API for a request (Upload, Admin, Provisioning, delivery) and starts it.
  std::unique_ptr<Exchange> route(const HttpRequestHead& head, JournalEntry& entry);
  std::unique_ptr<MockState> state_;
};

}  // namespace cldcert::mock
