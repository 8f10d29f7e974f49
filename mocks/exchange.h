// One request in progress inside the mock: body bytes are pushed in as they arrive,
// then finish() gives the response. Lets 1 GiB uploads stream through without buffering.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <string>
#include <string_view>

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

// Collects a small body (Admin, Provisioning, control calls), then answers in one go.
class BufferedExchange : public Exchange {
 public:
  using Handler = std::function<HttpResponse(std::string_view body)>;
  static constexpr std::size_t kMaxBody = 8u << 20;

  explicit BufferedExchange(Handler handler) : handler_(std::move(handler)) {}
  void on_body(const char* data, std::size_t size) override {
    if (body_.size() + size <= kMaxBody)
      body_.append(data, size);
    else
      too_large_ = true;
  }
  HttpResponse finish() override {
    if (too_large_) return cloudinary_error(413, "Request body is larger than " + std::to_string(kMaxBody) + " bytes");
    return handler_(body_);
  }

 private:
  Handler handler_;
  std::string body_;
  bool too_large_ = false;
};

// What `error` says ("unknown exception" when it is not a std::exception), for the 500 a mock
// bug produces instead of ending the process.
inline std::string exception_text(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) { return e.what(); } catch (...) {
    return "unknown exception";
  }
}

}  // namespace cldcert::mock
