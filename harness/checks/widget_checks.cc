#include "harness/checks/widget_checks.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "harness/checks/callback_effects.h"
#include "harness/checks/secret_record.h"
#include "harness/manifest.h"
#include "harness/platform_name.h"
#include "harness/semver.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

using nlohmann::json;

const json kNull = nullptr;

// The options object of a call: the first argument, or the second where the first is an element.
const json& options_of(const WidgetCall& call) {
  bool second = call.method == "applyUploadWidget" || call.method == "videoPlayer" || call.method == "videoPlayers";
  std::size_t i = second ? 1 : 0;
  return call.args.is_array() && call.args.size() > i ? call.args[i] : kNull;
}

std::string where(const WidgetCall& call) { return call.method + "() on " + call.page_url; }

std::string type_phrase(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_string()) return "the string \"" + v.get<std::string>() + "\"";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_array()) return "an array";
  return "an object";
}

std::string string_option(const json& options, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (options.is_object() && options.contains(name) && options[name].is_string())
      return options[name].get<std::string>();
  }
  return "";
}

// Widget checks judge call by call (Findings::judge): every deviation of a call is its own problem
// and evidence, "<method>() on <page>: <why>".
void fail(Findings& f, const WidgetCall& call, const std::string& why) {
  f.add(where(call) + ": " + why, step_evidence(*call.step, where(call) + ": " + why), why);
}

void fail(Findings& f, const WidgetCall& call, const std::string& why, const std::string& near_miss) {
  if (f.add(where(call) + ": " + why, step_evidence(*call.step, where(call) + ": " + why), why)) f.closest(near_miss);
}

void warn(Findings& f, const WidgetCall& call, const std::string& why) {
  f.warn(why, step_evidence(*call.step, where(call) + ": " + why));
}

std::vector<WidgetCall> calls_of(const std::vector<StepRecord>& steps, const std::string& widget,
                                 const std::set<std::string>& methods) {
  std::vector<WidgetCall> out;
  for (auto& call : widget_calls(steps)) {
    if (call.widget == widget && methods.count(call.method)) out.push_back(std::move(call));
  }
  return out;
}

// The asset a widget names, in the cloud the browse step ended with.
bool asset_exists(const StepRecord& step, const std::string& cloud, const std::string& resource_type,
                  const std::string& public_id) {
  for (const auto& a : step.store_after.assets) {
    if (a.cloud == cloud && a.public_id == public_id && (resource_type.empty() || a.resource_type == resource_type))
      return true;
  }
  return false;
}

// Options each widget documents (cloudinary-api.md §6 and the widgets' reference pages); anything
// else is most likely a typo the widget silently ignores.
const std::set<std::string>& gallery_options() {
  // A data list, kept packed to be read at a glance.
  // clang-format off
  static const std::set<std::string> k = {
      "cloudName", "container", "mediaAssets", "displayProps", "aspectRatio", "transformation", "imageBreakpoint",
      "videoBreakpoint", "borderColor", "borderWidth", "bgColor", "carouselLocation", "carouselOffset", "carouselStyle",
      "thumbnailProps", "navigation", "navigationProps", "navigationButtonProps", "zoom", "zoomProps", "zoomPopupProps",
      "loaderProps", "indicatorProps", "placeholderImage", "preload", "radius", "sort", "sortProps", "spacing",
      "themeProps", "viewportBreakpoints", "videoProps", "secureDistribution", "privateCdn", "cname", "analytics",
      "accessibilityProps", "ar3dProps", "spinProps", "customSettings", "queryString", "focus", "mediaSelection"};
  // clang-format on
  return k;
}

const std::set<std::string>& video_player_options() {
  // A data list, kept packed to be read at a glance.
  // clang-format off
  static const std::set<std::string> k = {
      "cloudName", "cloud_name", "publicId", "secure", "privateCdn", "secureDistribution", "cname", "controls",
      "autoplay", "autoplayMode", "muted", "loop", "fluid", "width", "height", "playsinline", "poster",
      "posterOptions", "sourceTypes", "sourceTransformation", "transformation", "showLogo", "logoImageUrl",
      "logoOnclickUrl", "colors", "fontFace", "floatingWhenNotVisible", "hideContextMenu", "playbackRates",
      "playedEventPercents", "playedEventTimes", "analytics", "seekThumbnails", "aiHighlightsGraph",
      "bigPlayButton", "showJumpControls", "pictureInPictureToggle", "chapters", "chaptersButton", "queryParams",
      "interactionDisplay", "videoJS", "skin", "preload", "maxTries", "withCredentials", "debug",
      "allowUsageReport", "cloudinaryAnalytics", "textTracks", "language", "languages"};
  // clang-format on
  return k;
}

void warn_unknown_options(Findings& f, const WidgetCall& call, const json& options,
                          const std::set<std::string>& known) {
  if (!options.is_object()) return;
  for (const auto& [name, value] : options.items()) {
    if (!known.count(name)) warn(f, call, "option '" + name + "' is not one the widget documents");
  }
}

// The cloud a widget must show: the one the integration was logged in to when the page ran.
void check_cloud(Findings& f, const WidgetCall& call, const std::string& cloud,
                 const std::string& option = "cloudName") {
  if (cloud.empty()) {
    fail(f, call, "no " + option + " option", option + ": \"" + call.step->cloud + "\"");
  } else if (cloud != call.step->cloud) {
    fail(f, call, option + " is \"" + cloud + "\", not the logged-in cloud \"" + call.step->cloud + "\"",
         option + ": \"" + call.step->cloud + "\"");
  }
}

void check_public_id(Findings& f, const WidgetCall& call, const std::string& cloud, const std::string& resource_type,
                     const std::string& public_id) {
  if (!cloud.empty() && !asset_exists(*call.step, cloud, resource_type, public_id)) {
    fail(f, call,
         "public id \"" + public_id + "\" is no " + (resource_type.empty() ? "asset" : resource_type) + " in cloud \"" +
             cloud + "\"");
  }
}

// No page created the widget: not applicable when the manifest does not offer it; a failure when it
// does and a browse recorded the pages (without one, missing_evidence makes the check an error).
CheckResult no_widget(const CheckInput& input, const std::string& capability, const std::string& what) {
  if (!input.manifest.has(capability)) {
    return not_applicable_check("the manifest does not declare " + capability + ": the integration offers no " +
                                what.substr(what.find(' ') + 1));
  }
  if (std::none_of(input.steps.begin(), input.steps.end(), is_browse)) {
    return skipped_check("no cldcert.browse step recorded the widget pages");
  }
  Findings f(what + " on one of the pages the `page` action printed");
  f.saw("no call to " + what + "'s script");
  return f.fail(
      "the manifest declares " + capability + ", but no widget page created " + what,
      "Print the page that embeds " + what + " from the `page` action, or drop " + capability + " from the manifest.");
}

const std::set<std::string>& media_library_methods() {
  static const std::set<std::string> k = {"createMediaLibrary", "openMediaLibrary"};
  return k;
}

// Starts judging a call of a widget that talks to the account (Media Library, Upload widget): its
// options must be an object, with no option named for the API secret (api_secret, apiSecret, …)
// whatever its value, since they are page script. Null when they are no object.
const json* account_widget_options(Findings& f, const WidgetCall& call) {
  static const std::regex kSecretOption("^api_?secret$", std::regex::icase);
  f.judge();
  const json& options = options_of(call);
  if (!options.is_object()) {
    fail(f, call, "the options are " + type_phrase(options) + ", not an object");
    return nullptr;
  }
  for (const auto& [name, value] : options.items()) {
    if (std::regex_match(name, kSecretOption))
      fail(f, call, "the options carry '" + name + "': the API secret must never reach the browser");
  }
  return &options;
}

const std::set<std::string>& upload_widget_methods() {
  static const std::set<std::string> k = {"createUploadWidget", "openUploadWidget", "applyUploadWidget"};
  return k;
}

// How a widget hands the page what the user chose, for the callback checks.
struct WidgetCallback {
  std::string widget, capability, what;  // "media_library", "media_library_widget", "a Media Library"
  std::string callback;                  // "insertHandler"
  std::string event;                     // "an insert"
};

// The widget checks' half of R14/R15: what the page did with the asset the widget handed it.
CheckResult judge_callbacks(const CheckInput& input, const std::set<std::string>& methods, const WidgetCallback& w) {
  Findings f("after " + w.event +
             ", the page shows the asset's https delivery URL (loaded with 200) and keeps its "
             "reference in a form field or a request to its back end");
  if (calls_of(input.steps, w.widget, methods).empty()) return no_widget(input, w.capability, w.what);
  if (!callbacks_had_an_asset(input.steps))
    return skipped_check("the logged-in cloud held no asset anyone may deliver, so " +
                         w.what.substr(w.what.find(' ') + 1) + " had nothing to hand the page");
  auto fired = fired_callbacks(input.steps, w.widget);
  if (fired.empty()) {
    f.saw("no " + w.callback + " given to " + w.what);
    return f.fail("no page hands " + w.what + " its " + w.callback + ": what the user picks goes nowhere",
                  "Give " + w.what + " its " + w.callback + " and, in it, show the asset and store its reference.");
  }
  for (const auto& call : fired) {
    f.judge();
    auto effects = judge_callback_effects(call);
    std::string where = w.event + " on " + call.page_url;
    for (const auto& problem : effects.problems) {
      if (f.add(where + ": " + problem, step_evidence(*call.step, where + ": " + problem), problem) &&
          !call.asset.secure_url.empty())
        f.closest("<img src=\"" + call.asset.secure_url + "\"> and a form field holding \"" + call.asset.public_id +
                  "\"");
    }
    if (effects.problems.empty()) {
      f.also(step_evidence(*call.step,
                           where + ": shows " + effects.rendered.front() + ", keeps the asset in " + effects.kept_in));
    }
  }
  return f.conclude(
      f.judged(), w.what.substr(w.what.find(' ') + 1) + " " + w.callback + " call(s)",
      "show the asset's delivery URL and keep its reference", "mishandle the asset",
      "In the " + w.callback +
          ", show the asset from its secure_url (or a URL built for the same cloud, "
          "resource type, delivery type and public id, over https) and store its public id where the "
          "integration keeps it: a form field the page submits, or a request to the integration's back end.");
}

}  // namespace

bool is_browse(const StepRecord& step) {
  return step.action == "cldcert.browse" && step.last_json.is_object() && step.last_json.contains("pages");
}

std::vector<WidgetCall> widget_calls(const std::vector<StepRecord>& steps) {
  std::vector<WidgetCall> out;
  for (const auto& step : steps) {
    if (!is_browse(step)) continue;
    for (const auto& page : step.last_json["pages"]) {
      if (!page.is_object() || !page.contains("calls") || !page["calls"].is_array()) continue;
      for (const auto& call : page["calls"]) {
        if (!call.is_object()) continue;
        out.push_back({&step, page.value("url", ""), call.value("widget", ""), call.value("method", ""),
                       call.value("args", json::array())});
      }
    }
  }
  return out;
}

CheckResult check_widget_integration_param(const CheckInput& input) {
  const auto& m = input.manifest;
  const std::string expected = "Media Library options with integration: {type: \"" + m.integration_type +
                               "\", platform: \"" + m.platform_name + " " + m.platform_version + "\", version: \"" +
                               m.integration_version + "\", environment: prod|stag|dev}";
  Findings f(expected);
  auto calls = calls_of(input.steps, "media_library", media_library_methods());
  if (calls.empty()) return no_widget(input, "media_library_widget", "a Media Library");
  static const std::vector<std::string> kFields = {"type", "platform", "version", "environment"};
  for (const auto& call : calls) {
    f.judge();
    const json& options = options_of(call);
    if (!options.is_object() || !options.contains("integration")) {
      fail(f, call, "the options have no integration object", expected);
      continue;
    }
    const json& integration = options["integration"];
    if (!integration.is_object()) {
      fail(f, call, "integration is " + type_phrase(integration) + ", not an object");
      continue;
    }
    for (const auto& field : kFields) {
      if (!integration.contains(field))
        fail(f, call, "integration." + field + " is missing");
      else if (!integration[field].is_string())
        fail(f, call, "integration." + field + " is " + type_phrase(integration[field]) + ", not a string");
    }
    for (const auto& [name, value] : integration.items()) {
      if (std::find(kFields.begin(), kFields.end(), name) == kFields.end()) {
        fail(f, call, "integration has the undocumented field '" + name + "'");
      }
    }
    std::string type = string_option(integration, {"type"}), platform = string_option(integration, {"platform"});
    std::string version = string_option(integration, {"version"}),
                environment = string_option(integration, {"environment"});
    if (integration.contains("environment") && integration["environment"].is_string() && environment != "prod" &&
        environment != "stag" && environment != "dev") {
      fail(f, call, "integration.environment is \"" + environment + "\", not one of prod, stag, dev");
    }
    if (!type.empty() && type != m.integration_type) {
      fail(f, call,
           "integration.type is \"" + type + "\", but the manifest's integration type is \"" + m.integration_type +
               "\"");
    }
    if (!version.empty() && !is_semver(version))
      fail(f, call, "integration.version \"" + version + "\" is not a SemVer version");
    if (!version.empty() && version != m.integration_version) {
      fail(f, call,
           "integration.version is \"" + version + "\", but the manifest's integration version is \"" +
               m.integration_version + "\"");
    }
    if (!platform.empty() && !names_platform(platform, m.platform_name, m.platform_version)) {
      fail(f, call,
           "integration.platform is \"" + platform + "\", which does not name the platform \"" + m.platform_name + " " +
               m.platform_version + "\"");
    }
  }
  return f.conclude(
      f.judged(), "Media Library configuration(s)", "carry the integration parameter matching the manifest",
      "miss or misstate the integration parameter",
      "Pass integration: {type, platform, version, environment} in the Media Library options, filled from the "
      "plugin's own type and version, the host platform's name and version, and the environment (prod, stag "
      "or dev) — the same values as in the manifest.");
}

// The Media Library opens on the logged-in cloud with its API key (shared/cloudinary-api.md §6;
// https://cloudinary.com/documentation/media_library_widget_api_reference: cloud_name is required,
// api_key the product environment's key, required in older versions of the page and optional now).
CheckResult check_widget_media_library(const CheckInput& input) {
  Findings f(
      "createMediaLibrary({cloud_name: <the logged-in cloud>, api_key: <that cloud's API key>, …}), no API secret in "
      "the options");
  auto calls = calls_of(input.steps, "media_library", media_library_methods());
  if (calls.empty()) return no_widget(input, "media_library_widget", "a Media Library");
  for (const auto& call : calls) {
    const json* judged = account_widget_options(f, call);
    if (!judged) continue;
    const json& options = *judged;
    check_cloud(f, call, string_option(options, {"cloud_name"}), "cloud_name");
    if (!options.contains("api_key")) continue;
    const mock::Cloud* logged_in = input.accounts.find_cloud(call.step->cloud);
    if (!options["api_key"].is_string()) {
      fail(f, call, "api_key is " + type_phrase(options["api_key"]) + ", not a string");
    } else if (logged_in && options["api_key"].get<std::string>() != logged_in->api_key) {
      fail(f, call,
           "api_key \"" + options["api_key"].get<std::string>() + "\" is not the API key of the logged-in cloud \"" +
               logged_in->cloud_name + "\"",
           "api_key: \"" + logged_in->api_key + "\"");
    }
  }
  return f.conclude(f.judged(), "Media Library configuration(s)", "open on the logged-in cloud with its API key",
                    "open on another cloud or key, or carry the secret",
                    "Fill cloud_name and api_key of the Media Library options from the connected account (never a "
                    "sample or previous account's values); the API secret stays on the back end.");
}

// Cloudinary's Media Library SSO (shared/cloudinary-api.md §6): hex SHA-256 of
// "cloud_name=<c>&timestamp=<t>&username=<u>" followed directly by the API secret.
CheckResult check_widget_media_library_sso(const CheckInput& input) {
  Findings f(
      "username, timestamp and signature = sha256(cloud_name=…&timestamp=…&username=… + api_secret), computed on the "
      "back end");
  auto calls = calls_of(input.steps, "media_library", media_library_methods());
  if (calls.empty() && !input.manifest.has("media_library_widget"))
    return no_widget(input, "media_library_widget", "a Media Library");
  std::size_t used = 0;
  for (const auto& call : calls) {
    const json& options = options_of(call);
    if (!options.is_object() ||
        !(options.contains("username") || options.contains("signature") || options.contains("timestamp")))
      continue;
    ++used;
    f.judge();
    std::string cloud = string_option(options, {"cloud_name"}), username = string_option(options, {"username"}),
                signature = string_option(options, {"signature"});
    std::string timestamp = options.contains("timestamp") && options["timestamp"].is_number_integer()
                                ? std::to_string(options["timestamp"].get<std::int64_t>())
                                : string_option(options, {"timestamp"});
    if (username.empty() || signature.empty() || timestamp.empty()) {
      fail(f, call,
           "SSO needs username, timestamp and signature; found " + std::string(username.empty() ? "no username " : "") +
               (timestamp.empty() ? "no timestamp " : "") + (signature.empty() ? "no signature" : ""));
      continue;
    }
    const mock::Cloud* c = input.accounts.find_cloud(cloud);
    if (!c) {
      fail(f, call, "cloud_name \"" + cloud + "\" is no cloud of this run");
      continue;
    }
    const std::string signed_text = "cloud_name=" + cloud + "&timestamp=" + timestamp + "&username=" + username;
    if (!media_library_sso_valid(input, *c, signed_text, text::lower(signature)))
      fail(f, call,
           "the SSO signature \"" + signature + "\" does not verify for user \"" + username + "\" at " + timestamp);
  }
  if (used == 0)
    return skipped_check("no Media Library on the widget pages signs its users in (no username/timestamp/signature)");
  return f.conclude(
      f.judged(), "Media Library SSO configuration(s)", "verify", "do not verify",
      "Compute the Media Library signature on the back end: SHA-256 of "
      "\"cloud_name=<cloud>&timestamp=<unix seconds>&username=<email>\" followed by the API secret, in hex.");
}

CheckResult check_widget_upload_widget(const CheckInput& input) {
  Findings f(
      "an unsigned uploadPreset that exists in the cloud, or an uploadSignature callback signing on the back end; no "
      "api_secret option");
  auto calls = calls_of(input.steps, "upload_widget", upload_widget_methods());
  if (calls.empty()) return no_widget(input, "upload_widget", "an Upload widget");
  for (const auto& call : calls) {
    const json* judged = account_widget_options(f, call);
    if (!judged) continue;
    const json& options = *judged;
    std::string cloud = string_option(options, {"cloudName", "cloud_name"});
    check_cloud(f, call, cloud);
    std::string preset = string_option(options, {"uploadPreset", "upload_preset"});
    bool signed_by_backend =
        options.contains("uploadSignature") &&
        (options["uploadSignature"].is_string() ||
         (options["uploadSignature"].is_object() && options["uploadSignature"].contains("$function")));
    if (preset.empty() && !signed_by_backend) {
      fail(f, call, "neither an uploadPreset nor an uploadSignature callback",
           "uploadPreset: \"<an unsigned preset>\"");
      continue;
    }
    if (preset.empty()) continue;
    const mock::Cloud* c = input.accounts.find_cloud(cloud);
    const mock::UploadPreset* p = c ? c->find_preset(preset) : nullptr;
    if (!c) continue;  // another cloud: check_cloud said so
    if (!p) {
      fail(f, call, "upload preset \"" + preset + "\" does not exist in cloud \"" + cloud + "\"");
    } else if (!p->is_unsigned && !signed_by_backend) {
      fail(f, call, "upload preset \"" + preset + "\" is a signed preset, and there is no uploadSignature callback");
    }
  }
  return f.conclude(
      f.judged(), "Upload widget configuration(s)", "use an unsigned preset or back-end signatures and no secret",
      "are misconfigured",
      "Configure the Upload widget with cloudName and an unsigned uploadPreset that exists in the cloud, or with "
      "apiKey and an uploadSignature function that asks the integration's back end to sign params_to_sign; "
      "never pass api_secret to the page.");
}

// The Media Library hands the page insertHandler(data), data.assets[] (media_library_widget_api_reference).
CheckResult check_widget_media_library_insert(const CheckInput& input) {
  return judge_callbacks(input, media_library_methods(),
                         {"media_library", "media_library_widget", "a Media Library", "insertHandler", "an insert"});
}

// The Upload widget calls back (null, {event: "success", info}) per uploaded file (upload_widget_reference#events).
CheckResult check_widget_upload_widget_success(const CheckInput& input) {
  return judge_callbacks(input, upload_widget_methods(),
                         {"upload_widget", "upload_widget", "an Upload widget", "callback", "an upload success"});
}

CheckResult check_widget_product_gallery(const CheckInput& input) {
  Findings f(
      "galleryWidget({cloudName: <the logged-in cloud>, mediaAssets: [assets that exist in it]}), documented options "
      "only");
  auto calls = calls_of(input.steps, "product_gallery", {"galleryWidget"});
  if (calls.empty()) return no_widget(input, "product_gallery", "a Product Gallery");
  for (const auto& call : calls) {
    f.judge();
    const json& options = options_of(call);
    std::string cloud = string_option(options, {"cloudName"});
    check_cloud(f, call, cloud);
    const json assets = options.is_object() ? options.value("mediaAssets", json()) : json();
    if (!assets.is_array() || assets.empty()) fail(f, call, "no mediaAssets to show");
    for (const auto& a : assets.is_array() ? assets : json::array()) {
      if (a.is_string())
        check_public_id(f, call, cloud, "image", a.get<std::string>());
      else if (a.is_object() && a.contains("publicId") && a["publicId"].is_string()) {
        std::string type = a.value("mediaType", "image");
        check_public_id(f, call, cloud, type == "video" ? "video" : "image", a["publicId"].get<std::string>());
      }
      // {tag: …} selects by tag; tags are not in the store's view, so there is nothing to check.
    }
    warn_unknown_options(f, call, options, gallery_options());
  }
  return f.conclude(
      f.judged(), "Product Gallery configuration(s)", "show existing assets of the logged-in cloud",
      "do not show the logged-in cloud's assets",
      "Build the gallery's options from the connected account (cloudName) and the public ids the integration "
      "uploaded; never from a hard-coded or previous cloud.",
      "Remove or correct options the Product Gallery does not document; it ignores them silently.");
}

CheckResult check_widget_video_player(const CheckInput& input) {
  Findings f(
      "videoPlayer(el, {cloudName: <the logged-in cloud>}).source(<a video that exists in it>), documented options "
      "only");
  auto calls = widget_calls(input.steps);
  bool any = false;
  std::string cloud;
  for (const auto& call : calls) {
    if (call.widget != "video_player") continue;
    if (call.method == "videoPlayer" || call.method == "videoPlayers") {
      any = true;
      f.judge();
      const json& options = options_of(call);
      cloud = string_option(options, {"cloudName", "cloud_name"});
      check_cloud(f, call, cloud);
      if (std::string id = string_option(options, {"publicId"}); !id.empty())
        check_public_id(f, call, cloud, "video", id);
      warn_unknown_options(f, call, options, video_player_options());
    } else if (call.method == "source" && call.args.is_array() && !call.args.empty()) {
      const json& source = call.args[0];
      std::string id = source.is_string() ? source.get<std::string>() : string_option(source, {"publicId"});
      if (!id.empty()) check_public_id(f, call, cloud, "video", id);
    }
  }
  if (!any) return no_widget(input, "video_player", "a Video Player");
  return f.conclude(
      f.judged(), "Video Player configuration(s)", "play existing videos of the logged-in cloud",
      "do not play the logged-in cloud's videos",
      "Create the player with the connected account's cloudName and give source() the public id of a video "
      "the integration uploaded to that cloud.",
      "Remove or correct options the Video Player does not document; it ignores them silently.");
}

}  // namespace cldcert
