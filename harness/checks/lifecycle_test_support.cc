#include "harness/checks/lifecycle_test_support.h"

#include <algorithm>
#include <cctype>

#include "mocks/digest.h"
#include "mocks/text.h"

namespace cldcert::testing_support {

const Site kBase = {
    {"config", "/"},
    {"config/platform.json", "{\n  \"plugins\": [\n    \"gallery\"\n  ]\n}\n"},
    {"content", "/"},
    {"content/welcome.md", "# Welcome\n\nEdit me.\n"},
    {"plugins", "/"},
    {"plugins/gallery", "/"},
    {"plugins/gallery/plugin.json", "{\"name\": \"gallery\"}\n"},
};

Site installed() {
  Site s = kBase;
  s["config/platform.json"] = "{\n  \"plugins\": [\n    \"gallery\",\n    \"cloudinary\"\n  ]\n}\n";
  s["plugins/cloudinary"] = "/";
  s["plugins/cloudinary/plugin.json"] = "{\"name\": \"cloudinary\"}\n";
  s["plugins/cloudinary/settings.json"] = "{\"cloud\": \"alpha\"}\n";
  return s;
}

nlohmann::json snapshot_json(const std::string& label, const Site& site, const nlohmann::json& state) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& [path, content] : site) {
    if (content == "/") {
      entries.push_back({{"path", path}, {"type", "dir"}, {"mode", "0755"}, {"size", 0}});
      continue;
    }
    nlohmann::json e{{"path", path},
                     {"type", "file"},
                     {"mode", "0644"},
                     {"size", content.size()},
                     {"sha256", mock::sha256_hex(content)},
                     {"text", content}};
    if (auto at = text::lower(content).find("cloudinary"); at != std::string::npos) {
      auto start = content.rfind('\n', at);
      start = start == std::string::npos ? 0 : start + 1;
      e["mention"] = {{"line", std::count(content.begin(), content.begin() + static_cast<long>(at), '\n') + 1},
                      {"text", content.substr(start, content.find('\n', at) - start)}};
    }
    entries.push_back(e);
  }
  return {{"label", label}, {"root", "/site"}, {"entries", entries}, {"state", state}};
}

nlohmann::json state(const std::string& output, int exit_code) {
  return {{"exit_code", exit_code}, {"output", output}, {"error", exit_code ? "cannot read config" : ""}};
}

const std::string kSettings = R"({"settings": {"cloudinary": {"enabled": true, "account": {"cloud_name": "alpha"}}}})";

Evidence Lifecycle::build() const {
  Evidence ev;
  snap(ev, "before_install", kBase);
  ev.step("install", {}, install_exit);
  if (install_exit != 0) return ev;  // the runner stops at a failing step
  health(ev, true);
  snap(ev, "after_install", installed());
  ev.step("login");
  snap(ev, "before_update", installed(), state(kSettings));
  ev.step("update");
  health(ev, healthy_after_update);
  snap(ev, "after_update", installed(), state(state_after_update));
  ev.step("uninstall");
  health(ev, healthy_after_uninstall);
  snap(ev, "after_uninstall", after_uninstall);
  ev.step("uninstall");
  snap(ev, "after_second_uninstall", after_second);
  return ev;
}

void Lifecycle::snap(Evidence& ev, const std::string& label, const Site& site, const nlohmann::json& st) {
  ev.step("cldcert.snapshot", {{"label", label}}).last_json = snapshot_json(label, site, st);
}

void Lifecycle::health(Evidence& ev, bool ok) {
  ev.step("cldcert.health").last_json = {
      {"exit_code", ok ? 0 : 1},
      {"healthy", ok},
      {"output", ok ? "healthy: /site" : "unhealthy: plugin \"gallery\" is missing\n"}};
}

std::string details(const CheckResult& r) {
  std::string out;
  for (const auto& e : r.evidence) out += e.ref + ": " + e.detail + "\n";
  return out;
}

}  // namespace cldcert::testing_support
