// R9–R11 and P6 on the transformations an integration emits in its printed delivery URLs: they
// parse with Cloudinary's grammar, chains stay chained, every t_<name> exists in the step's cloud,
// and image URLs are optimised with f_auto,q_auto.
#pragma once

#include "harness/checks/check.h"

namespace cldcert {

CheckResult check_transformation_valid(const CheckInput& input);
CheckResult check_transformation_chained(const CheckInput& input);
CheckResult check_transformation_named(const CheckInput& input);
// P6: image delivery URLs carry f_auto,q_auto (recommended).
CheckResult check_transformation_optimized(const CheckInput& input);

}  // namespace cldcert
