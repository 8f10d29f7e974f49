#include "harness/checks/callback_effects.h"

#include "harness/checks/printed_urls.h"
#include "harness/checks/srcset.h"
#include "mocks/http_types.h"
#include "mocks/transformation.h"

namespace cldcert {
namespace {

using nlohmann::json;

std::string text_of(const json& object, const char* name) {
  return object.is_object() && object.contains(name) && object[name].is_string() ? object[name].get<std::string>() : "";
}

// The array `name` of a recorded object, by reference (evidence outlives the judging); empty when absent.
const json& array_of(const json& object, const char* name) {
  static const json kEmpty = json::array();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(name);
  return it != object.end() && it->is_array() ? *it : kEmpty;
}

const json* callback_asset_of(const StepRecord& step) {
  if (step.action != "cldcert.browse" || !step.last_json.is_object()) return nullptr;
  auto it = step.last_json.find("callback_asset");
  return it != step.last_json.end() && it->is_object() ? &*it : nullptr;
}

// The URLs a rendered element names: one, or each candidate of a srcset.
std::vector<std::string> urls_of(const json& rendered) {
  std::string value = text_of(rendered, "value");
  if (text_of(rendered, "attribute") != "srcset") return {value};
  std::vector<std::string> out;
  for (const auto& candidate : srcset_candidates(value)) out.push_back(candidate.url);
  return out;
}

// The browser's request for `url` after the callback, if the page made one.
const json* request_for(const json& record, const std::string& url) {
  for (const auto& request : array_of(record, "requests")) {
    if (text_of(request, "url") == url) return &request;
  }
  return nullptr;
}

bool carries(const std::string& text, const std::string& public_id) {
  if (public_id.empty()) return false;
  return text.find(public_id) != std::string::npos ||
         mock::percent_decode(text, true).find(public_id) != std::string::npos;
}

// One delivery URL of the asset: its problems, none when it is right and loaded with 200.
void judge_url(const std::string& url, const mock::DeliveryUrl& parsed, const FiredCallback& fired,
               CallbackEffects& out) {
  const CallbackAsset& a = fired.asset;
  std::size_t before = out.problems.size();
  auto wrong = [&](const std::string& what, const std::string& found, const std::string& want) {
    out.problems.push_back("renders " + url + ": " + what + " \"" + found + "\", not the asset's \"" + want + "\"");
  };
  if (parsed.public_id != a.public_id) {
    wrong("public id", parsed.public_id, a.public_id);
    return;
  }
  if (split_url(url).scheme != "https") out.problems.push_back("renders " + url + " over http, not https");
  if (parsed.cloud != a.cloud) wrong("cloud", parsed.cloud, a.cloud);
  if (parsed.resource_type != a.resource_type) wrong("resource type", parsed.resource_type, a.resource_type);
  if (parsed.type != a.type) wrong("delivery type", parsed.type, a.type);
  if (out.problems.size() > before) return;
  const json* request = request_for(fired.record, url);
  if (!request) return;  // shown as a link, never loaded: neither right nor wrong on its own
  const auto found = request->find("status");
  const int status = found != request->end() && found->is_number_integer() ? found->get<int>() : 0;
  if (status != 200) {
    std::string answer =
        status ? "answered " + std::to_string(status) : "failed (" + text_of(*request, "failure") + ")";
    out.problems.push_back("loads " + url + ", which " + answer);
    return;
  }
  out.rendered.push_back(url);
}

void judge_rendering(const FiredCallback& fired, CallbackEffects& out) {
  const std::size_t problems_before = out.problems.size();
  std::size_t delivery_urls = 0;
  for (const auto& rendered : array_of(fired.record, "rendered")) {
    for (const auto& url : urls_of(rendered)) {
      if (!is_http_url(url) || !is_cloudinary_host(split_url(url).host)) continue;
      auto parsed = mock::parse_delivery_url(url, nullptr, fired.asset.cloud);
      if (!parsed) continue;
      ++delivery_urls;
      judge_url(url, *parsed, fired, out);
    }
  }
  if (delivery_urls == 0) {
    out.problems.push_back("renders no delivery URL of the asset (no img, video, source or link to it appeared)");
  } else if (out.problems.size() == problems_before && out.rendered.empty()) {
    out.problems.push_back("never loads the asset's delivery URL it shows");
  }
}

void judge_keeping(const FiredCallback& fired, CallbackEffects& out) {
  const std::string& id = fired.asset.public_id;
  for (const auto& field : array_of(fired.record, "fields")) {
    if (carries(text_of(field, "value"), id)) {
      std::string name = text_of(field, "name").empty() ? "#" + text_of(field, "id") : text_of(field, "name");
      out.kept_in = "form field " + name;
      return;
    }
  }
  for (const auto& request : array_of(fired.record, "requests")) {
    std::string url = text_of(request, "url");
    if (is_http_url(url) && is_cloudinary_host(split_url(url).host)) continue;
    if (carries(url, id) || carries(text_of(request, "post_data"), id)) {
      out.kept_in = "request " + text_of(request, "method") + " " + url;
      return;
    }
  }
  out.problems.push_back("keeps no reference to the asset: no form field took its public id \"" + id +
                         "\" and no request carried it to the integration's back end");
}

}  // namespace

bool callbacks_had_an_asset(const std::vector<StepRecord>& steps) {
  for (const auto& step : steps) {
    if (callback_asset_of(step)) return true;
  }
  return false;
}

std::vector<FiredCallback> fired_callbacks(const std::vector<StepRecord>& steps, const std::string& widget) {
  std::vector<FiredCallback> out;
  for (const auto& step : steps) {
    const json* asset = callback_asset_of(step);
    if (!asset || !step.last_json.contains("pages") || !step.last_json["pages"].is_array()) continue;
    CallbackAsset a{text_of(*asset, "cloud"), text_of(*asset, "public_id"), text_of(*asset, "resource_type"),
                    text_of(*asset, "type"), text_of(*asset, "secure_url")};
    for (const auto& page : step.last_json["pages"]) {
      if (!page.is_object() || !page.contains("callbacks") || !page["callbacks"].is_array()) continue;
      for (const auto& record : page["callbacks"]) {
        if (text_of(record, "widget") == widget) out.push_back({&step, text_of(page, "url"), record, a});
      }
    }
  }
  return out;
}

CallbackEffects judge_callback_effects(const FiredCallback& fired) {
  CallbackEffects out;
  if (std::string error = text_of(fired.record, "error"); !error.empty())
    out.problems.push_back("the " + text_of(fired.record, "callback") + " threw: " + error);
  for (const auto& error : array_of(fired.record, "errors")) {
    // Console messages ("console: …", a failed image load among them) are judged where they matter.
    if (error.is_string() && !error.get<std::string>().starts_with("console: "))
      out.problems.push_back("the page raised: " + error.get<std::string>());
  }
  judge_rendering(fired, out);
  judge_keeping(fired, out);
  return out;
}

}  // namespace cldcert
