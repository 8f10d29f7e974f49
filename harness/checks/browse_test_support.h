// Test-only: a scenario's evidence up to a cldcert.browse step (one page, its widget calls, its
// HTML, DOM, storage and responses), for the tests of the widget checks and of secret.client_side.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "harness/checks/check_test_support.h"
#include "harness/manifest.h"

namespace cldcert::testing_support {

// The run's one secret, as the browse tests plant it.
inline constexpr const char* kSecret = "FakeSecretForTests0123456789";

// A scenario's evidence up to a browse step whose one page made `calls`; the store holds a photo and a clip.
struct Browse {
  Evidence ev;
  nlohmann::json page = {{"widget", "w"},
                         {"url", "file:///work/w.html"},
                         {"html", "<html></html>"},
                         {"dom", "<html></html>"},
                         {"calls", nlohmann::json::array()},
                         {"local_storage", nlohmann::json::object()},
                         {"session_storage", nlohmann::json::object()},
                         {"responses", nlohmann::json::array()}};
  // What browse handed the widgets' callbacks (its "callback_asset"); null when it fired none.
  nlohmann::json callback_asset = nullptr;
  Browse() {
    ev.manifest().integration_type = "cldcert_reference";
    ev.manifest().integration_version = "1.2.0";
    ev.manifest().platform_name = "Refplat";
    ev.manifest().platform_version = "3.4.1";
    ev.accounts() = mock::generate_accounts(7, 1, 1);
    ev.secrets() = {kSecret};
  }
  std::string cloud() { return ev.accounts().accounts[0].clouds[0].cloud_name; }
  void call(const std::string& widget, const std::string& method, nlohmann::json args) {
    page["calls"].push_back({{"widget", widget}, {"method", method}, {"args", std::move(args)}});
  }
  CheckResult run(CheckFunction fn) {
    auto& step = ev.step("cldcert.browse", {}, 0, cloud());
    step.store_after.assets.push_back({cloud(), "image", "upload", "cldcert_widget_photo", 10, "aa"});
    step.store_after.assets.push_back({cloud(), "video", "upload", "cldcert_widget_clip", 10, "bb"});
    step.last_json = {{"pages", nlohmann::json::array({page})}, {"cookies", nlohmann::json::array()}};
    if (!callback_asset.is_null()) step.last_json["callback_asset"] = callback_asset;
    return ev.run(fn);
  }
};

}  // namespace cldcert::testing_support
