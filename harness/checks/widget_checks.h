// Checks of the widgets an integration embeds (T3, R12–R15), judged on what cldcert.browse
// recorded: each widget call's options on the pages it opened.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/checks/check.h"

namespace cldcert {

// One call a widget page made to a widget shim, with the step and page it came from.
struct WidgetCall {
  const StepRecord* step = nullptr;
  std::string page_url;
  std::string widget;   // media_library | upload_widget | product_gallery | video_player
  std::string method;   // createMediaLibrary, show, galleryWidget, source, …
  nlohmann::json args;  // as recorded: functions are {"$function": name}, elements {"$element": "div#id"}
};

// A cldcert.browse step that recorded pages.
bool is_browse(const StepRecord& step);

// Every widget call of every cldcert.browse step, in order.
std::vector<WidgetCall> widget_calls(const std::vector<StepRecord>& steps);

// T3: Media Library options carry integration {type, platform, version, environment} matching the manifest.
CheckResult check_widget_integration_param(const CheckInput& input);
// R15: a Media Library opens on the logged-in cloud with that cloud's API key, and no secret option.
CheckResult check_widget_media_library(const CheckInput& input);
// R15, where used: a Media Library's SSO (username, timestamp, signature) verifies for its cloud.
CheckResult check_widget_media_library_sso(const CheckInput& input);
// R14: the Upload widget uses an existing unsigned preset or a signature callback, never api_secret.
CheckResult check_widget_upload_widget(const CheckInput& input);
// R15: when the Media Library's insertHandler gets an asset, the page renders that asset's https
// delivery URL (loaded with 200) and keeps its reference (callback_effects.h says how).
CheckResult check_widget_media_library_insert(const CheckInput& input);
// R14: the same when the Upload widget's callback gets {event: "success", info: <upload response>}.
CheckResult check_widget_upload_widget_success(const CheckInput& input);
// R13: the Product Gallery shows the logged-in cloud's existing assets; unknown options warn.
CheckResult check_widget_product_gallery(const CheckInput& input);
// R12: the Video Player plays the logged-in cloud's existing videos; unknown options warn.
CheckResult check_widget_video_player(const CheckInput& input);

}  // namespace cldcert
