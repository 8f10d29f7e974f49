#include "mocks/multipart_parser.h"

#include <string.h>  // memmem is a GNU extension, absent from <cstring>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "mocks/text.h"

namespace cldcert::mock {
namespace {

constexpr char kSeedCrlf[] = "\r\n";

bool is_space(char c) { return c == ' ' || c == '\t'; }

struct Param {
  std::string_view name;
  std::string value;
};

// Parses `; a=b; c="d"` (what follows the type token). False on malformed syntax.
// A quote only closes a quoted value when followed by `;` or the end: Node's form-data package
// (used by the Cloudinary Node SDK) writes filenames between quotes without escaping them.
bool parse_params(std::string_view s, std::vector<Param>& out) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  auto skip_space = [&] {
    while (i < n && is_space(s[i])) ++i;
  };
  for (;;) {
    skip_space();
    if (i == n) return true;
    if (s[i] != ';') return false;
    ++i;
    skip_space();
    const std::size_t key_start = i;
    while (i < n && s[i] != '=' && s[i] != ';') ++i;
    const std::string_view key = text::trim(s.substr(key_start, i - key_start), text::kSpaceAndTab);
    if (i == n || s[i] == ';') continue;  // valueless parameter: nothing in form-data needs one
    ++i;
    skip_space();
    Param param{key, {}};
    if (i < n && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < n) {
        char c = s[i++];
        if (c == '\\' && i < n && (s[i] == '"' || s[i] == '\\')) {
          param.value.push_back(s[i++]);
          continue;
        }
        if (c == '"') {
          std::size_t j = i;
          while (j < n && is_space(s[j])) ++j;
          if (j == n || s[j] == ';') {
            closed = true;
            break;
          }
        }
        param.value.push_back(c);
      }
      if (!closed) return false;
    } else {
      const std::size_t value_start = i;
      while (i < n && s[i] != ';') ++i;
      param.value = std::string(text::trim(s.substr(value_start, i - value_start), text::kSpaceAndTab));
    }
    out.push_back(std::move(param));
  }
}

const Param* find_param(const std::vector<Param>& params, std::string_view name) {
  for (const Param& p : params) {
    if (text::iequals(p.name, name)) return &p;
  }
  return nullptr;
}

// RFC 5987 ext-value (charset'language'pct-encoded) as UTF-8; nullopt if it does not parse.
std::optional<std::string> decode_ext_value(std::string_view v) {
  const std::size_t q1 = v.find('\'');
  if (q1 == std::string_view::npos) return std::nullopt;
  const std::size_t q2 = v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return std::nullopt;
  const std::string_view charset = v.substr(0, q1);
  const bool latin1 = text::iequals(charset, "iso-8859-1");
  std::string out;
  for (std::size_t i = q2 + 1; i < v.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    if (c == '%') {
      if (i + 2 >= v.size()) return std::nullopt;
      const int hi = text::hex_value(v[i + 1]);
      const int lo = text::hex_value(v[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<unsigned char>(hi * 16 + lo);
      i += 2;
    }
    if (latin1 && c >= 0x80) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string describe_byte(char c) {
  char buf[16];
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7f) {
    std::snprintf(buf, sizeof buf, "'%c'", c);
  } else {
    std::snprintf(buf, sizeof buf, "0x%02x", u);
  }
  return buf;
}

}  // namespace

std::optional<std::string> MultipartParser::boundary_from_content_type(std::string_view content_type) {
  const std::size_t semi = content_type.find(';');
  if (!text::iequals(text::trim(content_type.substr(0, semi), text::kSpaceAndTab), "multipart/form-data"))
    return std::nullopt;
  if (semi == std::string_view::npos) return std::nullopt;
  std::vector<Param> params;
  if (!parse_params(content_type.substr(semi), params)) return std::nullopt;
  const Param* boundary = find_param(params, "boundary");
  if (boundary == nullptr || boundary->value.empty()) return std::nullopt;
  return boundary->value;
}

MultipartParser::MultipartParser(std::string boundary, Callbacks callbacks)
    : delimiter_("\r\n--" + boundary), callbacks_(std::move(callbacks)) {
  // The body's first delimiter needs no leading CRLF; pretending one was already seen lets the
  // preamble scan treat it like every other delimiter.
  held_ = kSeedCrlf;
  if (boundary.empty() || boundary.size() > kMaxBoundaryBytes || boundary.find_first_of("\r\n") != std::string::npos) {
    fail("unusable boundary (empty, longer than " + std::to_string(kMaxBoundaryBytes) + " bytes, or containing CR/LF)",
         0);
  }
}

void MultipartParser::fail(std::string_view what, std::uint64_t at) {
  if (state_ == State::kError) return;
  state_ = State::kError;
  error_ = "multipart: " + std::string(what) + " at byte " + std::to_string(at);
}

void MultipartParser::emit(const char* data, std::size_t size) {
  if (size != 0 && state_ == State::kBody && callbacks_.on_part_data) callbacks_.on_part_data(data, size);
}

void MultipartParser::end_part_if_open() {
  if (!part_open_) return;
  part_open_ = false;
  if (callbacks_.on_part_end) callbacks_.on_part_end();
}

bool MultipartParser::feed(const char* data, std::size_t size) {
  std::size_t pos = 0;
  while (pos < size && state_ != State::kError) {
    cursor_ = fed_ + pos;
    pos += consume(data + pos, size - pos);
  }
  fed_ += size;
  return state_ != State::kError;
}

std::size_t MultipartParser::consume(const char* data, std::size_t size) {
  switch (state_) {
    case State::kPreamble:
    case State::kBody: return scan_for_delimiter(data, size);
    case State::kHeaders: return consume_headers(data, size);
    case State::kAfterDelimiter:
    case State::kPadding:
    case State::kCloseDash:
    case State::kExpectLf: return consume_delimiter_line(*data);
    case State::kEpilogue:
    case State::kError: return size;
  }
  return size;
}

// Emits (in kBody) everything up to the next delimiter or up to a slice-end fragment that could
// start one; returns bytes consumed. memmem does the bulk of the work so data moves in big runs.
std::size_t MultipartParser::scan_for_delimiter(const char* data, std::size_t size) {
  const char* delim = delimiter_.data();
  const std::size_t dlen = delimiter_.size();

  if (!held_.empty()) {
    // held_ is a proper prefix of the delimiter, whose only CR is its first byte, so the one
    // delimiter held_ can be part of starts at held_[0]: see if this slice continues it.
    const std::size_t held = held_.size();
    const std::size_t missing = dlen - held;
    const std::size_t n = std::min(size, missing);
    if (std::memcmp(data, delim + held, n) == 0) {
      if (n == missing) {
        held_.clear();
        state_ = State::kAfterDelimiter;
        return missing;
      }
      held_.append(data, n);  // the slice ended first
      return size;
    }
    emit(held_.data(), held);
    held_.clear();
  }

  if (const void* hit = memmem(data, size, delim, dlen)) {
    const std::size_t at = static_cast<const char*>(hit) - data;
    emit(data, at);
    state_ = State::kAfterDelimiter;
    return at + dlen;
  }

  // Hold back the longest tail that is a delimiter prefix; the earliest candidate is the longest.
  const std::size_t span = std::min(size, dlen - 1);
  const char* const end = data + size;
  std::size_t keep = 0;
  for (const char* c = end - span; c < end; ++c) {
    c = static_cast<const char*>(std::memchr(c, delim[0], end - c));
    if (c == nullptr) break;
    if (std::memcmp(c, delim, end - c) == 0) {
      keep = end - c;
      break;
    }
  }
  emit(data, size - keep);
  held_.assign(end - keep, keep);
  return size;
}

std::size_t MultipartParser::consume_delimiter_line(char c) {
  switch (state_) {
    case State::kAfterDelimiter:
    case State::kPadding:
      if (c == '-' && state_ == State::kAfterDelimiter) {
        state_ = State::kCloseDash;
      } else if (is_space(c)) {
        state_ = State::kPadding;
      } else if (c == '\r') {
        state_ = State::kExpectLf;
      } else {
        fail("unexpected " + describe_byte(c) + " after boundary delimiter (expected CRLF or \"--\")", cursor_);
      }
      return 1;
    case State::kCloseDash:
      if (c != '-') {
        fail("unexpected " + describe_byte(c) + " after boundary delimiter (expected \"--\")", cursor_);
        return 1;
      }
      end_part_if_open();
      state_ = State::kEpilogue;
      return 1;
    case State::kExpectLf:
      if (c != '\n') {
        fail("CR without LF after boundary delimiter", cursor_);
        return 1;
      }
      end_part_if_open();
      // Seeding with the delimiter line's CRLF lets one CRLFCRLF search also find an empty header block.
      header_block_ = kSeedCrlf;
      part_start_ = cursor_ + 1;
      state_ = State::kHeaders;
      return 1;
    default: return 1;
  }
}

std::size_t MultipartParser::consume_headers(const char* data, std::size_t size) {
  constexpr std::size_t kSeed = sizeof(kSeedCrlf) - 1;
  const std::size_t limit = kMaxHeaderBytes + kSeed;
  const std::size_t old = header_block_.size();
  const std::size_t take = std::min(size, limit - old);
  header_block_.append(data, take);
  const std::size_t end = header_block_.find("\r\n\r\n", old >= 3 ? old - 3 : 0);
  if (end != std::string::npos) {
    // Lines each with their CRLF, without the blank line.
    begin_part(std::string_view(header_block_).substr(kSeed, end + 2 - kSeed));
    return end + 4 - old;
  }
  if (header_block_.size() >= limit) {
    fail("part headers exceed " + std::to_string(kMaxHeaderBytes) + " bytes", part_start_);
  }
  return take;
}

bool MultipartParser::begin_part(std::string_view block) {
  struct Header {
    std::string_view name;
    std::string value;
  };
  std::vector<Header> headers;
  while (!block.empty()) {
    const std::size_t eol = block.find("\r\n");
    const std::string_view line = block.substr(0, eol);
    block.remove_prefix(eol + 2);
    if (!line.empty() && is_space(line.front())) {
      // Obsolete line folding: the line continues the previous header's value.
      if (headers.empty()) {
        fail("part header block starts with a continuation line", part_start_);
        return false;
      }
      headers.back().value.push_back(' ');
      headers.back().value.append(text::trim(line, text::kSpaceAndTab));
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || text::trim(line.substr(0, colon), text::kSpaceAndTab).empty()) {
      fail("part header line without a name and colon", part_start_);
      return false;
    }
    headers.push_back({text::trim(line.substr(0, colon), text::kSpaceAndTab),
                       std::string(text::trim(line.substr(colon + 1), text::kSpaceAndTab))});
  }

  const Header* disposition = nullptr;
  PartHeader part;
  for (const Header& h : headers) {
    if (disposition == nullptr && text::iequals(h.name, "content-disposition")) disposition = &h;
    if (part.content_type.empty() && text::iequals(h.name, "content-type")) part.content_type = h.value;
  }
  if (disposition == nullptr) {
    fail("part has no Content-Disposition header", part_start_);
    return false;
  }
  const std::string_view value = disposition->value;
  const std::size_t semi = value.find(';');
  if (!text::iequals(text::trim(value.substr(0, semi), text::kSpaceAndTab), "form-data")) {
    fail("part Content-Disposition is not form-data", part_start_);
    return false;
  }
  std::vector<Param> params;
  if (semi != std::string_view::npos && !parse_params(value.substr(semi), params)) {
    fail("malformed part Content-Disposition parameters", part_start_);
    return false;
  }
  const Param* name = find_param(params, "name");
  if (name == nullptr) {
    fail("part header has no Content-Disposition name", part_start_);
    return false;
  }
  part.name = name->value;
  if (const Param* filename = find_param(params, "filename")) {
    part.filename = filename->value;
  } else if (const Param* extended = find_param(params, "filename*")) {
    part.filename = decode_ext_value(extended->value);
    if (!part.filename) part.filename = extended->value;
  }

  state_ = State::kBody;
  part_open_ = true;
  if (callbacks_.on_part_begin) callbacks_.on_part_begin(part);
  return true;
}

bool MultipartParser::finish() {
  if (state_ == State::kError) return false;
  if (state_ == State::kEpilogue) return true;
  std::string where;
  switch (state_) {
    case State::kPreamble: where = " (no boundary delimiter found)"; break;
    case State::kHeaders: where = " (inside a part's headers)"; break;
    case State::kBody: where = " (inside a part's data)"; break;
    default: where = " (inside a boundary delimiter line)"; break;
  }
  fail("body ended before the closing boundary" + where, fed_);
  return false;
}

}  // namespace cldcert::mock
