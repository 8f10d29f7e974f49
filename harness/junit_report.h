// junit.xml of a bundle: one test suite per scenario, one test case per check, for CI systems that
// show JUnit results (what failed, expected/seen, how to fix, the evidence).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace cldcert {

// From report.json alone, so `cldcert merge` and `cldcert verify` render it the way `cldcert run` does.
std::string junit_xml(const nlohmann::json& report);

}  // namespace cldcert
