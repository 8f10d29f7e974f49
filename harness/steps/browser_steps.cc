#include "harness/steps/browser_steps.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "harness/process_runner.h"
#include "harness/runtime_files.h"
#include "harness/steps/widget_callback_payloads.h"
#include "mocks/bounded_json.h"

namespace cldcert {
namespace fs = std::filesystem;

namespace {

constexpr const char* kDefaultChromium = "/usr/bin/chromium";

std::string tail(const std::string& text, std::size_t n) {
  return text.size() <= n ? text : "…" + text.substr(text.size() - n);
}

}  // namespace

fs::path browser_dir() {
  if (auto found = find_runtime_folder(kBrowserFolder, "browse.js")) return *found;
  return runtime_folder_candidates(kBrowserFolder, {}).front();  // named in the error when nothing is there
}

nlohmann::json pages_to_browse(const std::vector<StepRecord>& steps, std::string* error) {
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    if (!it->last_json.is_object() || !it->last_json.contains("pages")) continue;
    const auto& pages = it->last_json["pages"];
    bool ok = pages.is_array() && !pages.empty();
    for (const auto& p : ok ? pages : nlohmann::json::array()) {
      ok = ok && p.is_object() && p.contains("url") && p["url"].is_string();
    }
    if (!ok) {
      *error = step_ref(*it) + " printed \"pages\" but not as a non-empty array of {\"widget\", \"url\"} objects";
      return nullptr;
    }
    return pages;
  }
  *error = "no earlier step printed {\"pages\": [{\"widget\", \"url\"}, …]}: run the manifest's `page` action first";
  return nullptr;
}

HarnessStepResult browse_widget_pages(const HarnessStepArgs& args, const HarnessStepContext& context) {
  std::string error;
  nlohmann::json pages = pages_to_browse(context.steps, &error);
  if (pages.is_null()) return {error, nullptr};

  auto it = args.find("chromium");
  std::string chromium = it != args.end() ? it->second : kDefaultChromium;
  if (const char* env = std::getenv("CLDCERT_CHROMIUM"); env && *env && it == args.end()) chromium = env;
  if (!fs::exists(chromium))
    return {"Chromium is not installed at " + chromium + " (script/install-deps installs Debian's chromium)", nullptr};
  fs::path dir = browser_dir();
  if (!fs::exists(dir / "node_modules" / "playwright-core")) {
    return {"playwright-core is not installed in " + dir.string() + " (run script/npm-cached " + dir.string() + " " +
                dir.string() + ")",
            nullptr};
  }

  fs::path work = fs::path(context.values.at("workdir")) / ("browse-" + std::to_string(context.steps.size() + 1));
  fs::create_directories(work);
  nlohmann::json input = {{"mock_url", context.mock_url},
                          {"chromium", chromium},
                          {"screenshot_dir", (work / "screenshots").string()},
                          {"pages", pages}};
  // The widgets' callbacks get an asset the scenario put in the logged-in cloud, so whatever URL the
  // page builds from it can be fetched from the mock.
  nlohmann::json payloads;
  if (auto asset = asset_to_insert(context.mock.store().list(context.cloud.cloud_name))) {
    payloads = widget_callback_payloads(context.cloud, *asset);
    input["callbacks"] = {{"media_library", payloads["media_library"]}, {"upload_widget", payloads["upload_widget"]}};
  }
  std::ofstream(work / "input.json") << input.dump(2);

  ProcessSpec spec;
  spec.argv = {"node", (dir / "browse.js").string(), (work / "input.json").string(), (work / "output.json").string()};
  spec.cwd = dir;
  spec.timeout = std::chrono::seconds(120);
  ProcessResult run = run_process(spec);
  if (run.spawn_failed) return {"could not start node for the browser: " + run.spawn_error, nullptr};
  if (run.timed_out) return {"the browser did not finish within 120 s: " + tail(run.stderr_text, 400), nullptr};
  if (run.exit_code != 0) {
    return {"the browser failed (exit " + std::to_string(run.exit_code) + "): " + tail(run.stderr_text, 600), nullptr};
  }
  std::ifstream in(work / "output.json");
  std::stringstream text;
  text << in.rdbuf();
  auto output = mock::parse_json_text(text.str()).doc;
  if (!output.is_object() || !output.contains("pages"))
    return {"the browser wrote no report to " + (work / "output.json").string(), nullptr};
  for (const auto& page : output["pages"]) {
    if (page.contains("error")) {
      return {"the browser could not open " + page.value("url", "a page") + ": " + page["error"].get<std::string>(),
              output};
    }
  }
  output["browser"]["chromium"] = chromium;
  if (!payloads.is_null()) output["callback_asset"] = payloads["asset"];
  return {"", output};
}

}  // namespace cldcert
