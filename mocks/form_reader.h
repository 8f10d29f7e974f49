// Reads an Upload API body in any form Cloudinary accepts (multipart, urlencoded, JSON),
// streaming the `file` part to a caller-chosen sink so large uploads never sit in memory.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mocks/http_types.h"
#include "mocks/multipart_parser.h"
#include "mocks/upload_signature.h"

namespace cldcert::mock {

class FileSink {
 public:
  virtual ~FileSink() = default;
  virtual void write(const char* data, std::size_t size) = 0;
};

struct FormFile {
  std::optional<std::string> filename;  // nullopt: sent as a plain text field (URL or data URI)
  std::string content_type;
  std::uint64_t size = 0;
};

struct ParsedForm {
  FormParams params;             // every field but a streamed `file`, in wire order
  std::optional<FormFile> file;  // set when a `file` part went to the sink
  std::string error;             // non-empty when the body was malformed
};

class FormReader {
 public:
  // Called once when the `file` part starts; the sink receives its bytes.
  using SinkFactory = std::function<FileSink&(const FormFile&)>;

  FormReader(std::string_view content_type, SinkFactory sink_factory);
  ~FormReader();
  void feed(const char* data, std::size_t size);
  ParsedForm finish();

  // Text bodies (urlencoded, JSON) are kept in memory up to this size; larger ones are refused.
  static constexpr std::size_t kMaxTextBody = 64u << 20;
  // A single non-file multipart field may not exceed this.
  static constexpr std::size_t kMaxTextField = 8u << 20;

 private:
  enum class Kind { kMultipart, kUrlEncoded, kJson, kEmpty, kUnsupported };
  void parse_text_body();

  Kind kind_;
  std::string content_type_;
  SinkFactory sink_factory_;
  std::unique_ptr<MultipartParser> multipart_;
  ParsedForm form_;
  std::string text_body_;
  std::uint64_t bytes_ = 0;
  // State of the multipart part in progress.
  FileSink* sink_ = nullptr;
  std::string field_name_;
  std::string field_value_;
};

// Converts a JSON body ({"public_id":"x","tags":["a","b"],"overwrite":true}) to form params;
// arrays become repeated `key[]` fields, as the SDKs send them in multipart bodies.
FormParams params_from_json(const nlohmann::json& body);

// First value of `key` (or `key[]`); nullopt when absent.
std::optional<std::string> form_value(const FormParams& params, std::string_view key);
// Every value of `key`/`key[]`, in order (comma-joined values are not split).
std::vector<std::string> form_values(const FormParams& params, std::string_view key);

}  // namespace cldcert::mock
