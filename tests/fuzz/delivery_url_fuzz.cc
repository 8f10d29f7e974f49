// Fuzzes the delivery-URL splitter (mocks/transformation.h, parse_delivery_url): the mock's
// delivery endpoint and the checks on printed URLs hand it whatever an integration produced.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "mocks/transformation.h"

using namespace cldcert::mock;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view url(reinterpret_cast<const char*>(data), size);
  for (std::string_view known_cloud : {std::string_view{}, std::string_view{"demo"}}) {
    std::string error;
    auto parsed = parse_delivery_url(url, &error, known_cloud);
    if (!parsed) {
      if (error.empty()) std::abort();  // a refusal always says why
      continue;
    }
    parse_transformation(parsed->transformation_text);
  }
  return 0;
}
