// Harness steps that act on the scenario's mock: install a fault, define a named transformation or
// add assets in the current cloud, fetch a delivery URL (hashing what comes back).
#pragma once

#include "harness/harness_steps.h"

namespace cldcert {

// cldcert.fault: family or path, status and/or latency_ms[, from, to, reset_in, retry_after, method]
//   → {"fault", "family", "path", "status", "latency_ms"}
HarnessStepResult install_fault(const HarnessStepArgs& args, const HarnessStepContext& context);
// cldcert.named_transformation: name, transformation → {"named_transformation", "cloud"}
HarnessStepResult define_named_transformation(const HarnessStepArgs& args, const HarnessStepContext& context);
// cldcert.fill_cloud: until ("N" or "N+M")[, resource_type image] → {"cloud", "resource_type", "held", "added"}:
// the current cloud then holds that many assets of the type (a media browser with more than a page).
HarnessStepResult fill_cloud(const HarnessStepArgs& args, const HarnessStepContext& context);
// cldcert.get: url (https://res.cloudinary.com/…) → {"url", "status", "bytes", "sha256"}
HarnessStepResult fetch_delivery_url(const HarnessStepArgs& args, const HarnessStepContext& context);

}  // namespace cldcert
