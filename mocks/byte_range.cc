#include "mocks/byte_range.h"

#include <charconv>
#include <optional>

#include "mocks/text.h"

namespace cldcert::mock {
namespace {

// A position or suffix length: digits only, no sign, no overflow.
std::optional<std::uint64_t> position(std::string_view digits) {
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace

RangeAsked read_range(std::string_view header, std::uint64_t size) {
  RangeAsked whole;
  header = text::trim(header, text::kSpaceAndTab);
  constexpr std::string_view kUnit = "bytes=";  // the range unit is case-insensitive (RFC 9110 §14.1)
  if (header.size() <= kUnit.size() || !text::iequals(header.substr(0, kUnit.size()), kUnit)) return whole;
  const std::string_view spec = text::trim(header.substr(kUnit.size()), text::kSpaceAndTab);
  const std::size_t dash = spec.find('-');
  if (spec.find(',') != std::string_view::npos || dash == std::string_view::npos) return whole;
  const std::string_view first_text = spec.substr(0, dash), last_text = spec.substr(dash + 1);
  RangeAsked unsatisfiable{RangeAsked::Kind::kUnsatisfiable, {}};
  if (first_text.empty()) {  // a suffix: the last n bytes
    const auto n = position(last_text);
    if (!n) return whole;
    if (*n == 0 || size == 0) return unsatisfiable;
    return {RangeAsked::Kind::kPartial, {size - std::min(*n, size), size - 1}};
  }
  const auto first = position(first_text);
  if (!first) return whole;
  std::uint64_t last = size == 0 ? 0 : size - 1;
  if (!last_text.empty()) {
    const auto asked = position(last_text);
    if (!asked || *asked < *first) return whole;
    last = std::min(*asked, last);
  }
  if (*first >= size) return unsatisfiable;
  return {RangeAsked::Kind::kPartial, {*first, last}};
}

std::string content_range(const ByteRange& range, std::uint64_t size) {
  return "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" + std::to_string(size);
}

std::string unsatisfied_content_range(std::uint64_t size) { return "bytes */" + std::to_string(size); }

}  // namespace cldcert::mock
