// The git commit cldcert was built from ("…-dirty" with local changes, "unknown" outside a
// checkout): shown by --version and recorded in each report's provenance.
#pragma once

namespace cldcert {

extern const char* const kBuildCommit;

}  // namespace cldcert
