// R9–R11 on the transformations an integration emits in its printed delivery URLs: they parse
// with Cloudinary's grammar, chains stay chained, and every t_<name> exists in the step's cloud.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

CheckResult check_transformation_valid(const CheckInput& input);
CheckResult check_transformation_chained(const CheckInput& input);
CheckResult check_transformation_named(const CheckInput& input);

}  // namespace cldcert
