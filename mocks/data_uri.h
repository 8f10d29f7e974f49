// Decodes a `data:` URI given as the upload `file` parameter, streaming, into a FileWriter:
// a data URI may be tens of megabytes and must not be decoded in memory.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "mocks/file_writer.h"

namespace cldcert::mock {

// Cloudinary refuses larger data URIs ("Invalid URI. URI byte size should not be > 62910000").
inline constexpr std::size_t kMaxDataUriBytes = 62'910'000;

class DataUriDecoder {
 public:
  explicit DataUriDecoder(FileWriter& out);
  ~DataUriDecoder();
  void feed(std::string_view text);
  // False when the text was not a well-formed data URI; error() says why.
  bool finish();
  const std::string& error() const { return error_; }
  const std::string& media_type() const { return media_type_; }

 private:
  void decode(std::string_view payload);
  FileWriter& out_;
  std::string header_;  // up to the comma
  bool in_payload_ = false;
  bool base64_ = false;
  std::string media_type_;
  std::string error_;
  struct Base64State;
  Base64State* state_ = nullptr;
  std::string percent_tail_;
};

bool looks_like_data_uri(std::string_view value);
// http(s), ftp, s3 or gs URL: Cloudinary fetches these itself; the mock records them.
bool looks_like_remote_url(std::string_view value);

// Streams a spooled file holding a data URI through the decoder into `out`.
bool decode_data_uri_file(const std::filesystem::path& source, FileWriter& out, std::string* media_type,
                          std::string* error);

}  // namespace cldcert::mock
