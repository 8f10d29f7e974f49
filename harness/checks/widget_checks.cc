#include "harness/checks/widget_checks.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "harness/manifest.h"
#include "harness/scan/scanner.h"
#include "mocks/redactor.h"
#include "mocks/digest.h"

namespace cldcert {
namespace {

using nlohmann::json;

const json kNull = nullptr;

bool is_browse(const StepRecord& step) {
  return step.action == "cldcert.browse" && step.last_json.is_object() && step.last_json.contains("pages");
}

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

std::string text(const json& options, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (options.is_object() && options.contains(name) && options[name].is_string()) return options[name].get<std::string>();
  }
  return "";
}

// Collects a check's findings call by call: every deviation is its own message and evidence; the
// verdict counts calls. Problems that only warn (unknown options) are kept apart.
struct Findings {
  CheckResult r;
  std::size_t bad_calls = 0, total = 0;
  std::vector<std::string> messages, warnings;
  bool current_bad = false;

  void begin_call() {
    ++total;
    current_bad = false;
  }
  void fail(const WidgetCall& call, const std::string& why, const std::string& near_miss = "") {
    if (!current_bad) ++bad_calls;
    current_bad = true;
    if (messages.empty()) {
      r.seen = where(call) + ": " + why;
      if (!near_miss.empty()) r.near_miss = near_miss;
    }
    messages.push_back(why);
    r.evidence.push_back(step_evidence(*call.step, where(call) + ": " + why));
  }
  void warn(const WidgetCall& call, const std::string& why) {
    warnings.push_back(why);
    r.evidence.push_back(step_evidence(*call.step, where(call) + ": " + why));
  }
  CheckResult finish(const std::string& noun, const std::string& pass, const std::string& fail_text, const std::string& hint,
                     const std::string& warn_hint = "") {
    if (bad_calls > 0) {
      CheckResult out = conclude(r, bad_calls, total, noun, pass, fail_text, hint);
      if (messages.size() > 1) {
        out.message += " (" + std::to_string(messages.size()) + " problems:";
        for (std::size_t i = 0; i < messages.size(); ++i) out.message += (i ? "; " : " ") + messages[i];
        out.message += ")";
      }
      return out;
    }
    if (!warnings.empty()) {
      r.verdict = Verdict::kWarn;
      r.seen = warnings.front();
      r.message = std::to_string(total) + " " + noun + " " + pass + ", but " + warnings.front() +
                  (warnings.size() > 1 ? " (and " + std::to_string(warnings.size() - 1) + " more)" : "");
      r.hint = warn_hint;
      return r;
    }
    return conclude(r, 0, total, noun, pass, fail_text, hint);
  }
};

std::vector<WidgetCall> calls_of(const std::vector<StepRecord>& steps, const std::string& widget,
                                 const std::set<std::string>& methods) {
  std::vector<WidgetCall> out;
  for (auto& call : widget_calls(steps)) {
    if (call.widget == widget && methods.count(call.method)) out.push_back(std::move(call));
  }
  return out;
}

bool is_semver(const std::string& v) {
  static const std::regex kSemver(R"(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$)");
  return std::regex_match(v, kSemver);
}

// The asset a widget names, in the cloud the browse step ended with.
bool asset_exists(const StepRecord& step, const std::string& cloud, const std::string& resource_type,
                  const std::string& public_id) {
  for (const auto& a : step.store_after.assets) {
    if (a.cloud == cloud && a.public_id == public_id && (resource_type.empty() || a.resource_type == resource_type)) return true;
  }
  return false;
}

// Options each widget documents (cloudinary-api.md §6 and the widgets' reference pages); anything
// else is most likely a typo the widget silently ignores.
const std::set<std::string>& gallery_options() {
  static const std::set<std::string> k = {
      "cloudName", "container", "mediaAssets", "displayProps", "aspectRatio", "transformation", "imageBreakpoint",
      "videoBreakpoint", "borderColor", "borderWidth", "bgColor", "carouselLocation", "carouselOffset", "carouselStyle",
      "thumbnailProps", "navigation", "navigationProps", "navigationButtonProps", "zoom", "zoomProps", "zoomPopupProps",
      "loaderProps", "indicatorProps", "placeholderImage", "preload", "radius", "sort", "sortProps", "spacing",
      "themeProps", "viewportBreakpoints", "videoProps", "secureDistribution", "privateCdn", "cname", "analytics",
      "accessibilityProps", "ar3dProps", "spinProps", "customSettings", "queryString", "focus", "mediaSelection"};
  return k;
}

const std::set<std::string>& video_player_options() {
  static const std::set<std::string> k = {
      "cloudName", "cloud_name", "publicId", "secure", "privateCdn", "secureDistribution", "cname", "controls",
      "autoplay", "autoplayMode", "muted", "loop", "fluid", "width", "height", "playsinline", "poster",
      "posterOptions", "sourceTypes", "sourceTransformation", "transformation", "showLogo", "logoImageUrl",
      "logoOnclickUrl", "colors", "fontFace", "floatingWhenNotVisible", "hideContextMenu", "playbackRates",
      "playedEventPercents", "playedEventTimes", "analytics", "seekThumbnails", "aiHighlightsGraph",
      "bigPlayButton", "showJumpControls", "pictureInPictureToggle", "chapters", "chaptersButton", "queryParams",
      "interactionDisplay", "videoJS", "skin", "preload", "maxTries", "withCredentials", "debug",
      "allowUsageReport", "cloudinaryAnalytics", "textTracks", "language", "languages"};
  return k;
}

void warn_unknown_options(Findings& f, const WidgetCall& call, const json& options, const std::set<std::string>& known) {
  if (!options.is_object()) return;
  for (const auto& [name, value] : options.items()) {
    if (!known.count(name)) f.warn(call, "option '" + name + "' is not one the widget documents");
  }
}

// The cloud a widget must show: the one the integration was logged in to when the page ran.
void check_cloud(Findings& f, const WidgetCall& call, const std::string& cloud) {
  if (cloud.empty()) {
    f.fail(call, "no cloudName option", "cloudName: \"" + call.step->cloud + "\"");
  } else if (cloud != call.step->cloud) {
    f.fail(call, "cloudName is \"" + cloud + "\", not the logged-in cloud \"" + call.step->cloud + "\"",
           "cloudName: \"" + call.step->cloud + "\"");
  }
}

void check_public_id(Findings& f, const WidgetCall& call, const std::string& cloud, const std::string& resource_type,
                     const std::string& public_id) {
  if (!cloud.empty() && !asset_exists(*call.step, cloud, resource_type, public_id)) {
    f.fail(call, "public id \"" + public_id + "\" is no " + (resource_type.empty() ? "asset" : resource_type) +
                     " in cloud \"" + cloud + "\"");
  }
}

// No page created the widget: fine unless the manifest says the integration has it.
CheckResult no_widget(const CheckInput& input, const std::string& id, const std::string& capability,
                      const std::string& what) {
  bool browsed = std::any_of(input.steps.begin(), input.steps.end(), is_browse);
  if (!browsed || !input.manifest.has(capability)) {
    return skipped_check(id, "no widget page of this scenario created " + what);
  }
  CheckResult r;
  r.id = id;
  r.verdict = Verdict::kFail;
  r.expected = what + " on one of the pages the `page` action printed";
  r.seen = "no call to " + what + "'s script";
  r.message = "the manifest declares " + capability + ", but no widget page created " + what;
  r.hint = "Print the page that embeds " + what + " from the `page` action, or drop " + capability + " from the manifest.";
  return r;
}

}  // namespace

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
  Findings f;
  f.r.id = "widget.integration_param";
  f.r.expected = "Media Library options with integration: {type: \"" + m.integration_type + "\", platform: \"" +
                 m.platform_name + " " + m.platform_version + "\", version: \"" + m.integration_version +
                 "\", environment: prod|stag|dev}";
  auto calls = calls_of(input.steps, "media_library", {"createMediaLibrary", "openMediaLibrary"});
  if (calls.empty()) return no_widget(input, f.r.id, "media_library_widget", "a Media Library");
  static const std::vector<std::string> kFields = {"type", "platform", "version", "environment"};
  for (const auto& call : calls) {
    f.begin_call();
    const json& options = options_of(call);
    if (!options.is_object() || !options.contains("integration")) {
      f.fail(call, "the options have no integration object", f.r.expected);
      continue;
    }
    const json& integration = options["integration"];
    if (!integration.is_object()) {
      f.fail(call, "integration is " + type_phrase(integration) + ", not an object");
      continue;
    }
    for (const auto& field : kFields) {
      if (!integration.contains(field)) f.fail(call, "integration." + field + " is missing");
      else if (!integration[field].is_string()) f.fail(call, "integration." + field + " is " + type_phrase(integration[field]) + ", not a string");
    }
    for (const auto& [name, value] : integration.items()) {
      if (std::find(kFields.begin(), kFields.end(), name) == kFields.end()) {
        f.fail(call, "integration has the undocumented field '" + name + "'");
      }
    }
    std::string type = text(integration, {"type"}), platform = text(integration, {"platform"});
    std::string version = text(integration, {"version"}), environment = text(integration, {"environment"});
    if (integration.contains("environment") && integration["environment"].is_string() &&
        environment != "prod" && environment != "stag" && environment != "dev") {
      f.fail(call, "integration.environment is \"" + environment + "\", not one of prod, stag, dev");
    }
    if (!type.empty() && type != m.integration_type) {
      f.fail(call, "integration.type is \"" + type + "\", but the manifest's integration type is \"" + m.integration_type + "\"");
    }
    if (!version.empty() && !is_semver(version)) f.fail(call, "integration.version \"" + version + "\" is not a SemVer version");
    if (!version.empty() && version != m.integration_version) {
      f.fail(call, "integration.version is \"" + version + "\", but the manifest's integration version is \"" +
                       m.integration_version + "\"");
    }
    if (!platform.empty() && (platform.find(m.platform_name) == std::string::npos ||
                              platform.find(m.platform_version) == std::string::npos)) {
      f.fail(call, "integration.platform is \"" + platform + "\", which does not name the platform \"" + m.platform_name +
                       " " + m.platform_version + "\"");
    }
  }
  return f.finish("Media Library configuration(s)", "carry the integration parameter matching the manifest",
                  "miss or misstate the integration parameter",
                  "Pass integration: {type, platform, version, environment} in the Media Library options, filled from the "
                  "plugin's own type and version, the host platform's name and version, and the environment (prod, stag "
                  "or dev) — the same values as in the manifest.");
}

// Cloudinary's Media Library SSO (shared/cloudinary-api.md §6): hex SHA-256 of
// "cloud_name=<c>&timestamp=<t>&username=<u>" followed directly by the API secret.
CheckResult check_widget_media_library_sso(const CheckInput& input) {
  Findings f;
  f.r.id = "widget.media_library_sso";
  f.r.expected = "username, timestamp and signature = sha256(cloud_name=…&timestamp=…&username=… + api_secret), computed on the back end";
  std::size_t used = 0;
  for (const auto& call : calls_of(input.steps, "media_library", {"createMediaLibrary", "openMediaLibrary"})) {
    const json& options = options_of(call);
    if (!options.is_object() || !(options.contains("username") || options.contains("signature") || options.contains("timestamp"))) continue;
    ++used;
    f.begin_call();
    std::string cloud = text(options, {"cloud_name"}), username = text(options, {"username"}), signature = text(options, {"signature"});
    std::string timestamp = options.contains("timestamp") && options["timestamp"].is_number_integer()
                                ? std::to_string(options["timestamp"].get<std::int64_t>())
                                : text(options, {"timestamp"});
    if (username.empty() || signature.empty() || timestamp.empty()) {
      f.fail(call, "SSO needs username, timestamp and signature; found " + std::string(username.empty() ? "no username " : "") +
                       (timestamp.empty() ? "no timestamp " : "") + (signature.empty() ? "no signature" : ""));
      continue;
    }
    const mock::Cloud* c = input.accounts.find_cloud(cloud);
    if (!c) {
      f.fail(call, "cloud_name \"" + cloud + "\" is no cloud of this run");
      continue;
    }
    std::string want = mock::sha256_hex("cloud_name=" + cloud + "&timestamp=" + timestamp + "&username=" + username + c->api_secret);
    std::string got = signature;
    std::transform(got.begin(), got.end(), got.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (got != want) f.fail(call, "the SSO signature \"" + signature + "\" does not verify for user \"" + username + "\" at " + timestamp);
  }
  if (used == 0) return skipped_check(f.r.id, "no Media Library on the widget pages signs its users in (no username/timestamp/signature)");
  return f.finish("Media Library SSO configuration(s)", "verify", "do not verify",
                  "Compute the Media Library signature on the back end: SHA-256 of "
                  "\"cloud_name=<cloud>&timestamp=<unix seconds>&username=<email>\" followed by the API secret, in hex.");
}

CheckResult check_widget_upload_widget(const CheckInput& input) {
  Findings f;
  f.r.id = "widget.upload_widget";
  f.r.expected = "an unsigned uploadPreset that exists in the cloud, or an uploadSignature callback signing on the back end; no api_secret option";
  auto calls = calls_of(input.steps, "upload_widget", {"createUploadWidget", "openUploadWidget", "applyUploadWidget"});
  if (calls.empty()) return no_widget(input, f.r.id, "upload_widget", "an Upload widget");
  static const std::regex kSecretOption("^api_?secret$", std::regex::icase);
  for (const auto& call : calls) {
    f.begin_call();
    const json& options = options_of(call);
    if (!options.is_object()) {
      f.fail(call, "the options are " + type_phrase(options) + ", not an object");
      continue;
    }
    for (const auto& [name, value] : options.items()) {
      if (std::regex_match(name, kSecretOption)) f.fail(call, "the options carry '" + name + "': the API secret must never reach the browser");
    }
    std::string cloud = text(options, {"cloudName", "cloud_name"});
    check_cloud(f, call, cloud);
    std::string preset = text(options, {"uploadPreset", "upload_preset"});
    bool signed_by_backend = options.contains("uploadSignature") &&
                             (options["uploadSignature"].is_string() ||
                              (options["uploadSignature"].is_object() && options["uploadSignature"].contains("$function")));
    if (preset.empty() && !signed_by_backend) {
      f.fail(call, "neither an uploadPreset nor an uploadSignature callback", "uploadPreset: \"<an unsigned preset>\"");
      continue;
    }
    if (preset.empty()) continue;
    const mock::Cloud* c = input.accounts.find_cloud(cloud);
    const mock::UploadPreset* p = c ? c->find_preset(preset) : nullptr;
    if (!c) continue;  // another cloud: check_cloud said so
    if (!p) {
      f.fail(call, "upload preset \"" + preset + "\" does not exist in cloud \"" + cloud + "\"");
    } else if (!p->is_unsigned && !signed_by_backend) {
      f.fail(call, "upload preset \"" + preset + "\" is a signed preset, and there is no uploadSignature callback");
    }
  }
  return f.finish("Upload widget configuration(s)", "use an unsigned preset or back-end signatures and no secret",
                  "are misconfigured",
                  "Configure the Upload widget with cloudName and an unsigned uploadPreset that exists in the cloud, or with "
                  "apiKey and an uploadSignature function that asks the integration's back end to sign params_to_sign; "
                  "never pass api_secret to the page.");
}

CheckResult check_widget_product_gallery(const CheckInput& input) {
  Findings f;
  f.r.id = "widget.product_gallery";
  f.r.expected = "galleryWidget({cloudName: <the logged-in cloud>, mediaAssets: [assets that exist in it]}), documented options only";
  auto calls = calls_of(input.steps, "product_gallery", {"galleryWidget"});
  if (calls.empty()) return no_widget(input, f.r.id, "product_gallery", "a Product Gallery");
  for (const auto& call : calls) {
    f.begin_call();
    const json& options = options_of(call);
    std::string cloud = text(options, {"cloudName"});
    check_cloud(f, call, cloud);
    const json assets = options.is_object() ? options.value("mediaAssets", json()) : json();
    if (!assets.is_array() || assets.empty()) f.fail(call, "no mediaAssets to show");
    for (const auto& a : assets.is_array() ? assets : json::array()) {
      if (a.is_string()) check_public_id(f, call, cloud, "image", a.get<std::string>());
      else if (a.is_object() && a.contains("publicId") && a["publicId"].is_string()) {
        std::string type = a.value("mediaType", "image");
        check_public_id(f, call, cloud, type == "video" ? "video" : "image", a["publicId"].get<std::string>());
      }
      // {tag: …} selects by tag; tags are not in the store's view, so there is nothing to check.
    }
    warn_unknown_options(f, call, options, gallery_options());
  }
  return f.finish("Product Gallery configuration(s)", "show existing assets of the logged-in cloud",
                  "do not show the logged-in cloud's assets",
                  "Build the gallery's options from the connected account (cloudName) and the public ids the integration "
                  "uploaded; never from a hard-coded or previous cloud.",
                  "Remove or correct options the Product Gallery does not document; it ignores them silently.");
}

CheckResult check_widget_video_player(const CheckInput& input) {
  Findings f;
  f.r.id = "widget.video_player";
  f.r.expected = "videoPlayer(el, {cloudName: <the logged-in cloud>}).source(<a video that exists in it>), documented options only";
  auto calls = widget_calls(input.steps);
  bool any = false;
  std::string cloud;
  for (const auto& call : calls) {
    if (call.widget != "video_player") continue;
    if (call.method == "videoPlayer" || call.method == "videoPlayers") {
      any = true;
      f.begin_call();
      const json& options = options_of(call);
      cloud = text(options, {"cloudName", "cloud_name"});
      check_cloud(f, call, cloud);
      if (std::string id = text(options, {"publicId"}); !id.empty()) check_public_id(f, call, cloud, "video", id);
      warn_unknown_options(f, call, options, video_player_options());
    } else if (call.method == "source" && call.args.is_array() && !call.args.empty()) {
      const json& source = call.args[0];
      std::string id = source.is_string() ? source.get<std::string>() : text(source, {"publicId"});
      if (!id.empty()) check_public_id(f, call, cloud, "video", id);
    }
  }
  if (!any) return no_widget(input, f.r.id, "video_player", "a Video Player");
  return f.finish("Video Player configuration(s)", "play existing videos of the logged-in cloud",
                  "do not play the logged-in cloud's videos",
                  "Create the player with the connected account's cloudName and give source() the public id of a video "
                  "the integration uploaded to that cloud.",
                  "Remove or correct options the Video Player does not document; it ignores them silently.");
}

CheckResult check_secret_client_side(const CheckInput& input) {
  CheckResult r;
  r.id = "secret.client_side";
  r.expected = "the API secret nowhere in a page, its scripts and responses, its DOM, storage, cookies or widget options";
  std::size_t places = 0, bad = 0;
  auto look = [&](const StepRecord& step, const std::string& place, const std::string& text) {
    ++places;
    if (auto at = mock::redacted_secret_at(text); at != std::string::npos) {
      auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
      add_finding(r, bad, step, nullptr,
                  "has the API secret in " + place + " at line " + std::to_string(line) +
                      " (shown as " + std::string(mock::kRedacted) + " in the evidence)");
      return;
    }
    for (const auto& finding : scan::scan_text(place, text, input.redactor.secrets())) {
      if (!finding.rule.starts_with("known-secret")) continue;  // only this run's secrets, not look-alikes
      add_finding(r, bad, step, nullptr,
                  "has the API secret in " + place + " at line " + std::to_string(finding.line) + " (" + finding.rule +
                      "): " + finding.excerpt);
      break;
    }
  };
  bool any = false;
  for (const auto& step : input.steps) {
    if (!is_browse(step)) continue;
    any = true;
    for (const auto& page : step.last_json["pages"]) {
      std::string url = page.value("url", "");
      look(step, "the HTML of " + url, page.value("html", ""));
      look(step, "the DOM after scripts ran on " + url, page.value("dom", ""));
      look(step, "localStorage of " + url, page.value("local_storage", json::object()).dump());
      look(step, "sessionStorage of " + url, page.value("session_storage", json::object()).dump());
      look(step, "the widget options of " + url, page.value("calls", json::array()).dump());
      for (const auto& response : page.value("responses", json::array())) {
        if (response.contains("body") && response["body"].is_string()) {
          look(step, "the response " + response.value("url", "") + " loaded by " + url, response["body"].get<std::string>());
        }
      }
    }
    look(step, "the browser's cookies", step.last_json.value("cookies", json::array()).dump());
  }
  if (!any) return skipped_check(r.id, "no widget page was opened in this scenario");
  return conclude(std::move(r), bad, places, "place(s) in the browser", "none holds the API secret",
                  "hold the API secret",
                  "Keep api_secret on the server: sign on the back end and hand the page only cloud name, API key, "
                  "timestamps and signatures.");
}

}  // namespace cldcert
