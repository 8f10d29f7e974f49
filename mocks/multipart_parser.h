// Streaming multipart/form-data parser: turns an HTTP body fed in arbitrary slices into part events.
// Uploads reach 1 GiB, so part data is handed on in large runs as it arrives and never held whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cldcert::mock {

class MultipartParser {
 public:
  struct PartHeader {
    std::string name;                     // from Content-Disposition name="..."
    std::optional<std::string> filename;  // present when Content-Disposition has filename="..." (may be empty string)
    std::string content_type;             // the part's Content-Type header, "" if none
  };
  struct Callbacks {
    std::function<void(const PartHeader&)> on_part_begin;
    // Called zero or more times per part, never with size 0; `data` is only valid during the call.
    std::function<void(const char* data, std::size_t size)> on_part_data;
    // Fires only once the delimiter after the part is confirmed, so a truncated part never "ends".
    std::function<void()> on_part_end;
  };

  // A part's header block (including the blank line ending it) may not exceed this.
  static constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
  // RFC 2046 allows 70; we allow more so odd clients get a parse rather than a refusal.
  static constexpr std::size_t kMaxBoundaryBytes = 256;

  // Extracts boundary= from a Content-Type header value (quoted or not, case-insensitive parameter
  // name); nullopt if absent, empty, or the type is not multipart/form-data.
  static std::optional<std::string> boundary_from_content_type(std::string_view content_type);

  // An unusable boundary (empty, too long, containing CR/LF) makes the first feed() fail.
  MultipartParser(std::string boundary, Callbacks callbacks);

  // Returns false once the input is malformed; error() then says what and at which byte offset.
  bool feed(const char* data, std::size_t size);
  bool feed(std::string_view data) { return feed(data.data(), data.size()); }
  // Call at end of body. True only if the closing delimiter was seen and no error occurred.
  bool finish();

  const std::string& error() const { return error_; }
  std::uint64_t bytes_fed() const { return fed_; }

 private:
  enum class State {
    kPreamble,        // before the first delimiter; bytes are discarded
    kAfterDelimiter,  // just matched "\r\n--boundary": expect "--", padding or CRLF
    kPadding,         // transport padding (SP/HT) after a delimiter
    kCloseDash,       // saw one '-' after the delimiter
    kExpectLf,        // saw CR after the delimiter
    kHeaders,         // collecting a part's header block
    kBody,            // part data; scanning for the next delimiter
    kEpilogue,        // after the closing delimiter; bytes are discarded
    kError,
  };

  std::size_t consume(const char* data, std::size_t size);
  std::size_t scan_for_delimiter(const char* data, std::size_t size);
  std::size_t consume_delimiter_line(char c);
  std::size_t consume_headers(const char* data, std::size_t size);
  bool begin_part(std::string_view header_block);
  void emit(const char* data, std::size_t size);
  void end_part_if_open();
  void fail(std::string_view what, std::uint64_t at);

  std::string delimiter_;  // "\r\n--" + boundary
  Callbacks callbacks_;
  State state_ = State::kPreamble;
  // Bytes at the end of the previous slice that may begin a delimiter; always shorter than it.
  std::string held_;
  std::string header_block_;
  bool part_open_ = false;
  std::uint64_t fed_ = 0;
  std::uint64_t cursor_ = 0;      // body offset of the byte consume() is looking at
  std::uint64_t part_start_ = 0;  // body offset of the current part's header block
  std::string error_;
};

}  // namespace cldcert::mock
