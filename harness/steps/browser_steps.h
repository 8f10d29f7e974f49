// cldcert.browse: opens the integration's widget pages (the previous `page` step's output) in
// headless Chromium via harness/browser/browse.js, and records what the checks judge.
#pragma once

#include <filesystem>
#include <string>

#include "harness/harness_steps.h"

namespace cldcert {

// Where browse.js and its playwright-core live (runtime_files.h: $CLDCERT_BROWSER_DIR, an installed
// cldcert's share/cldcert/browser, else this source tree's harness/browser, installed by
// script/npm-cached harness/browser harness/browser).
std::filesystem::path browser_dir();

// The pages to open: the "pages" array of the most recent step that printed one
// ([{"widget", "url"}, …]), or an error naming what is missing.
nlohmann::json pages_to_browse(const std::vector<StepRecord>& steps, std::string* error);

// cldcert.browse[: chromium] → {"browser", "pages": [{"widget", "url", "html", "dom", "calls",
// "local_storage", "session_storage", "callbacks", "screenshot", "responses", "errors"}], "cookies",
// "blocked", "callback_asset"}; each page's widget callbacks fired with the asset of
// widget_callback_payloads (none when the logged-in cloud holds no deliverable asset: no
// "callbacks", no "callback_asset"); an error (the scenario ends as error, never pass) when Chromium
// or Node cannot run.
HarnessStepResult browse_widget_pages(const HarnessStepArgs& args, const HarnessStepContext& context);

}  // namespace cldcert
