// Fuzzes the transformation grammar (mocks/transformation.*): the mock's delivery endpoint
// answers every transformation in a URL with it, and checks read printed URLs through it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "mocks/transformation.h"

using namespace cldcert::mock;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  looks_like_transformation(text);
  auto parsed = parse_transformation(text);
  if (auto* t = std::get_if<Transformation>(&parsed)) {
    // Documented: rebuilt from the params, it equals the parsed text.
    if (t->to_string() != text) std::abort();
    t->named();
    t->value("w");
    t->has("f", "auto");
  } else {
    const auto& error = std::get<TransformationError>(parsed);
    if (error.message.empty()) std::abort();
  }
  return 0;
}
