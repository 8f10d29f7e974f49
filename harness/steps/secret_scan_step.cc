#include "harness/steps/secret_scan_step.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>

#include "harness/scan/scanner.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string>* declared_paths(const Manifest& manifest, const std::string& where) {
  if (where == "source") return &manifest.scan_source;
  if (where == "history") return &manifest.scan_history;
  if (where == "artifacts") return &manifest.scan_artifacts;
  if (where == "logs") return &manifest.scan_logs;
  return nullptr;
}

bool starts_with_folder(const std::string& path, const std::string& folder) {
  return !folder.empty() && path.size() > folder.size() && path.starts_with(folder) && path[folder.size()] == '/';
}

// A path as a reader of the report knows it: relative to the manifest, or under {host_root} or
// {workdir}, whose absolute spelling changes every run.
std::string shown(const fs::path& path, const HarnessStepContext& context) {
  const std::string text = path.lexically_normal().string();
  const std::string dir = context.manifest.dir.string();
  if (starts_with_folder(text, dir)) return text.substr(dir.size() + 1);
  for (const char* name : {"host_root", "workdir"}) {
    auto it = context.values.find(name);
    if (it != context.values.end() && starts_with_folder(text, it->second)) {
      return "{" + std::string(name) + "}" + text.substr(it->second.size());
    }
  }
  return text;
}

// The existing paths a declared entry names: itself, or what its glob matches (glob(3), sorted).
std::vector<fs::path> expand(const fs::path& pattern) {
  const std::string text = pattern.string();
  if (text.find_first_of("*?[") == std::string::npos) {
    std::error_code ec;
    if (fs::exists(pattern, ec)) return {pattern};
    return {};
  }
  std::vector<fs::path> out;
  glob_t matches{};
  if (::glob(text.c_str(), 0, nullptr, &matches) == 0) {
    for (std::size_t i = 0; i < matches.gl_pathc; ++i) out.emplace_back(matches.gl_pathv[i]);
  }
  ::globfree(&matches);
  return out;
}

}  // namespace

HarnessStepResult scan_secrets(const HarnessStepArgs& args, const HarnessStepContext& context) {
  const std::string where = args.count("where") ? args.at("where") : "";
  const std::vector<std::string>* declared = declared_paths(context.manifest, where);
  if (!declared) {
    return {"cldcert.scan_secrets: where must be source, history, artifacts or logs, not \"" + where + "\"", nullptr};
  }
  nlohmann::json out = {{"where", where},
                        {"scanned", nlohmann::json::array()},
                        {"missing", nlohmann::json::array()},
                        {"findings", nlohmann::json::array()},
                        {"warnings", nlohmann::json::array()},
                        {"unread", nlohmann::json::array()}};
  for (std::size_t i = 0; i < declared->size(); ++i) {
    auto resolved = substitute({(*declared)[i]}, context.values);
    if (auto* e = std::get_if<PlaceholderError>(&resolved)) {
      return {"manifest scan." + where + "[" + std::to_string(i) + "] \"" + (*declared)[i] + "\": " + e->message,
              nullptr};
    }
    fs::path pattern = std::get<0>(resolved)[0];
    if (pattern.is_relative()) pattern = context.manifest.dir / pattern;
    auto paths = expand(pattern);
    if (paths.empty()) out["missing"].push_back((*declared)[i]);
    for (const auto& path : paths) {
      scan::ScanRequest request;
      request.paths = {path};
      request.secrets = context.redactor.secrets();
      request.history = where == "history";
      scan::ScanReport report = scan::scan(request);
      // A file's findings are named by the file itself ("x.tgz!/config.json"), a folder's relative to it.
      const bool folder = fs::is_directory(path);
      const std::string name = shown(path, context);
      const std::size_t own = folder ? 0 : path.filename().string().size();
      const auto named = [&](const std::string& file) {
        return folder ? name + "/" + file : name + file.substr(std::min(own, file.size()));
      };
      out["scanned"].push_back(name);
      for (const auto& finding : report.findings) {
        nlohmann::json j = finding;
        j["file"] = named(finding.file);
        out["findings"].push_back(std::move(j));
      }
      for (const auto& warning : report.warnings) out["warnings"].push_back(warning);
      for (const auto& u : report.unsupported) out["unread"].push_back(name + ": " + u.reason + ", not read");
      for (const auto& u : report.unread) out["unread"].push_back(named(u.file) + ": " + u.reason);
    }
  }
  return {"", std::move(out)};
}

OutputLeakScan::OutputLeakScan(const std::vector<std::string>& secrets)
    : stdout_("stdout", secrets), stderr_("stderr", secrets) {}

void OutputLeakScan::feed(OutputStream stream, std::string_view piece) {
  (stream == OutputStream::kStdout ? stdout_ : stderr_).feed(piece);
}

std::vector<OutputLeak> OutputLeakScan::finish() {
  std::vector<OutputLeak> out;
  for (auto* scanner : {&stdout_, &stderr_}) {
    for (const auto& f : scanner->finish()) {
      out.push_back({f.file, f.line, f.column, f.rule, f.excerpt, f.fingerprint, f.offset});
    }
  }
  return out;
}

}  // namespace cldcert
