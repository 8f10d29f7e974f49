// One request in progress inside the mock: body bytes are pushed in as they arrive,
// then finish() gives the response. Lets 1 GiB uploads stream through without buffering.
#pragma once

#include <cstddef>

#include "mocks/http_types.h"

namespace cldcert::mock {

class Exchange {
 public:
  virtual ~Exchange() = default;
  virtual void on_body(const char* data, std::size_t size) = 0;
  virtual HttpResponse finish() = 0;
};

// Drains the body and answers with a response decided up front (unknown cloud, bad route…).
class FixedExchange : public Exchange {
 public:
  explicit FixedExchange(HttpResponse response) : response_(std::move(response)) {}
  void on_body(const char*, std::size_t) override {}
  HttpResponse finish() override { return std::move(response_); }

 private:
  HttpResponse response_;
};

}  // namespace cldcert::mock
