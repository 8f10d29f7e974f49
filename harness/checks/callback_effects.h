// What a page did when cldcert.browse fired a widget's callback at it (Media Library insert, Upload
// widget success; harness/browser/browse.js): the delivery URLs it rendered and where it kept the asset.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/checks/check.h"

namespace cldcert {

// The asset the callbacks were handed (a browse step's "callback_asset").
struct CallbackAsset {
  std::string cloud, public_id, resource_type, type, secure_url;
};

// One callback fired on one page, with what followed: record is {"widget", "callback", "shown",
// "error", "rendered": [{"tag", "attribute", "value"}], "fields": [{"tag", "name", "id", "type",
// "value"}], "requests": [{"method", "url", "post_data", "status", "failure"}], "errors"}.
struct FiredCallback {
  const StepRecord* step = nullptr;
  std::string page_url;
  nlohmann::json record;
  CallbackAsset asset;
};

// True when a browse step handed the widgets' callbacks an asset.
bool callbacks_had_an_asset(const std::vector<StepRecord>& steps);

// Every callback fired at `widget` (media_library, upload_widget), in order.
std::vector<FiredCallback> fired_callbacks(const std::vector<StepRecord>& steps, const std::string& widget);

// What the page did after the callback, judged: it must render a delivery URL of exactly that asset
// (its cloud, resource type, delivery type and public id, over https; any other delivery URL that
// appeared is wrong) and load it with 200, raise nothing, and keep the asset's reference where the
// integration stores it: a form field whose value came to hold the public id, or a request to
// anywhere but a Cloudinary host that carried it (its back end).
struct CallbackEffects {
  std::vector<std::string> problems;  // each a sentence; none when the page did both
  std::vector<std::string> rendered;  // the asset's URLs the page showed and loaded
  std::string kept_in;                // "form field cloudinary_asset", "request POST https://…"
};
CallbackEffects judge_callback_effects(const FiredCallback& fired);

}  // namespace cldcert
