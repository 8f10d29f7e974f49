// Percent-encoding for what cldcert itself sends (a query value, a path segment): the inverse of
// percent_decode (mocks/http_types.h), one rule for the harness's calls and the tests' requests.
#pragma once

#include <string>
#include <string_view>

namespace cldcert::mock {

// Every byte but the unreserved ones (A-Z a-z 0-9 - _ . ~) and those in `also_kept` as %XX (upper-case
// hex): a query value by default, a path with "/" (and a URI's other sub-delimiters) kept.
std::string percent_encode(std::string_view text, std::string_view also_kept = {});

}  // namespace cldcert::mock
