// B2, B3, B6, P1, P4, P5: the integration's documents, as cldcert.read_docs recorded them —
// install/update/uninstall/usage sections, known issues, a contact, license, contributing guide,
// a changelog entry for the release, and a SemVer version matching the User-Agent's.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

CheckResult check_docs_install(const CheckInput& input);
CheckResult check_docs_known_issues(const CheckInput& input);
CheckResult check_docs_contact(const CheckInput& input);
CheckResult check_docs_license(const CheckInput& input);
CheckResult check_docs_contributing(const CheckInput& input);
CheckResult check_docs_changelog(const CheckInput& input);
CheckResult check_docs_version(const CheckInput& input);

}  // namespace cldcert
