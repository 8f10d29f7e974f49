#include "harness/steps/host_steps.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "mocks/digest.h"
#include "mocks/redactor.h"
#include "mocks/text.h"

namespace cldcert {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kOutputTail = 4000;
constexpr std::string_view kNeedle = "cloudinary";

// Text nlohmann::json can write (valid UTF-8, as its own dump checks): anything else is binary.
bool writable_text(const std::string& s) {
  try {
    (void)nlohmann::json(s).dump();
    return true;
  } catch (const nlohmann::json::exception&) { return false; }
}

// The line of `text` around `at`, cut to a readable length.
std::string line_around(std::string_view text, std::size_t at) {
  std::size_t start = text.rfind('\n', at);
  start = start == std::string_view::npos ? 0 : start + 1;
  std::size_t end = text.find('\n', at);
  if (end == std::string_view::npos) end = text.size();
  std::string line(text.substr(start, std::min<std::size_t>(end - start, 200)));
  // Cutting at 200 bytes may split a character: drop up to three bytes before calling it binary.
  for (int cut = 0; cut < 4 && !line.empty(); ++cut, line.pop_back()) {
    if (writable_text(line)) return line;
  }
  return "(binary content)";
}

// Hashes a regular file in chunks and finds its first mention of Cloudinary on the way, so a
// large file never sits in memory whole.
void describe_file(const fs::path& path, std::uintmax_t size, nlohmann::json& entry) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    entry["error"] = "unreadable";
    return;
  }
  mock::StreamingDigest digest;
  std::string small;  // the whole file when it may carry its text
  std::string carry;  // the previous chunk's tail, so a mention across chunks is found
  std::size_t lines_before = 0;
  bool found = false;
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    std::string_view chunk(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (chunk.empty()) break;
    digest.update(chunk);
    if (size <= kSnapshotTextLimit) small.append(chunk);
    if (!found) {
      std::string window = carry + std::string(chunk);
      std::size_t at = text::lower(window).find(kNeedle);
      if (at != std::string::npos) {
        found = true;
        std::size_t line =
            lines_before - static_cast<std::size_t>(std::count(carry.begin(), carry.end(), '\n')) +
            static_cast<std::size_t>(std::count(window.begin(), window.begin() + static_cast<long>(at), '\n')) + 1;
        entry["mention"] = {{"line", line}, {"text", line_around(window, at)}};
      }
      lines_before += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
      carry = window.substr(window.size() > kNeedle.size() ? window.size() - kNeedle.size() + 1 : 0);
    }
  }
  entry["sha256"] = digest.final_hex();
  if (size <= kSnapshotTextLimit && small.find('\0') == std::string::npos && writable_text(small))
    entry["text"] = small;
}

std::string mode_text(fs::perms perms) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(perms) & 07777u);
  return buf;
}

std::string tail(const std::string& text, std::size_t n) {
  return text.size() <= n ? text : "…" + text.substr(text.size() - n);
}

std::string redact(const std::string& text, const HarnessStepContext& context) { return context.redactor.redact(text); }

// Secrets never reach the report: texts, mentions and symlink targets are redacted.
void redact_entries(nlohmann::json& entries, const HarnessStepContext& context) {
  for (auto& e : entries) {
    if (e.contains("text")) e["text"] = redact(e["text"].get<std::string>(), context);
    if (e.contains("target")) e["target"] = redact(e["target"].get<std::string>(), context);
    if (e.contains("mention")) e["mention"]["text"] = redact(e["mention"]["text"].get<std::string>(), context);
  }
}

}  // namespace

nlohmann::json snapshot_tree(const fs::path& root) {
  std::error_code ec;
  auto status = fs::status(root, ec);
  if (ec || !fs::is_directory(status)) {
    throw std::runtime_error("host root " + root.string() + " is not an existing folder" +
                             (ec                   ? " (" + ec.message() + ")"
                              : fs::exists(status) ? " (it is not a folder)"
                                                   : ""));
  }
  nlohmann::json entries = nlohmann::json::array();
  // Symlinks are recorded, never followed: a link out of the site must not pull the world in.
  for (fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end; !ec && it != end;
       it.increment(ec)) {
    const fs::path& path = it->path();
    auto link_status = fs::symlink_status(path);
    nlohmann::json entry{{"path", path.lexically_relative(root).generic_string()},
                         {"mode", mode_text(link_status.permissions())}};
    if (fs::is_symlink(link_status)) {
      std::string target = fs::read_symlink(path).string();
      entry["type"] = "symlink";
      entry["size"] = target.size();
      entry["target"] = target;
      entry["sha256"] = mock::sha256_hex(target);
    } else if (fs::is_directory(link_status)) {
      entry["type"] = "dir";
      entry["size"] = 0;
    } else if (fs::is_regular_file(link_status)) {
      auto size = fs::file_size(path);
      entry["type"] = "file";
      entry["size"] = size;
      describe_file(path, size, entry);
    } else {
      entry["type"] = "other";
      entry["size"] = 0;
    }
    entries.push_back(std::move(entry));
  }
  if (ec) throw std::runtime_error("cannot walk host root " + root.string() + ": " + ec.message());
  std::sort(entries.begin(), entries.end(),
            [](const nlohmann::json& a, const nlohmann::json& b) { return a["path"] < b["path"]; });
  return entries;
}

std::variant<ProcessResult, std::string> run_host_action(const ActionSpec& action, const PlaceholderValues& values) {
  auto argv = substitute(action.command, values);
  if (auto* e = std::get_if<PlaceholderError>(&argv)) return e->message;
  ProcessSpec spec;
  spec.argv = std::get<0>(argv);
  spec.cwd = action.cwd.empty() ? fs::path() : fs::path(action.cwd);
  spec.timeout = std::chrono::seconds(action.timeout_s);
  spec.env = action.env;
  if (auto it = values.find("workdir"); it != values.end()) spec.env["CLDCERT_WORKDIR"] = it->second;
  return run_process(spec);
}

HarnessStepResult take_host_snapshot(const HarnessStepArgs& args, const HarnessStepContext& context) {
  auto root = context.values.find("host_root");
  if (root == context.values.end()) {
    return {"the manifest has no host.root: cldcert.snapshot needs the host platform's folder", nullptr};
  }
  nlohmann::json out{{"label", args.at("label")}, {"root", root->second}, {"state", nullptr}};
  try {
    out["entries"] = snapshot_tree(root->second);
  } catch (const std::exception& e) { return {e.what(), nullptr}; }
  redact_entries(out["entries"], context);
  if (context.manifest.host_state) {
    auto ran = run_host_action(*context.manifest.host_state, context.values);
    if (auto* error = std::get_if<std::string>(&ran)) return {"host.state: " + *error, nullptr};
    const auto& result = std::get<ProcessResult>(ran);
    // A failing state command is evidence (the checks say so), not a reason to stop the scenario.
    std::string why = result.spawn_failed ? "could not start: " + result.spawn_error
                      : result.timed_out  ? "timed out"
                                          : "";
    out["state"] = {{"exit_code", result.exit_code},
                    {"output", redact(result.stdout_text, context)},
                    {"error", why.empty() ? tail(redact(result.stderr_text, context), kOutputTail) : why}};
  }
  return {"", std::move(out)};
}

HarnessStepResult check_host_health(const HarnessStepArgs&, const HarnessStepContext& context) {
  if (!context.manifest.host_health) {
    return {"the manifest has no host.health: cldcert.health needs a command that exits 0 when the platform works",
            nullptr};
  }
  auto ran = run_host_action(*context.manifest.host_health, context.values);
  if (auto* error = std::get_if<std::string>(&ran)) return {"host.health: " + *error, nullptr};
  const auto& result = std::get<ProcessResult>(ran);
  std::string output = result.spawn_failed ? "could not start: " + result.spawn_error
                       : result.timed_out  ? "timed out; " + result.stderr_text + result.stdout_text
                                           : result.stdout_text + result.stderr_text;
  return {"",
          {{"exit_code", result.exit_code},
           {"healthy", !result.spawn_failed && !result.timed_out && result.exit_code == 0},
           {"output", tail(redact(output, context), kOutputTail)}}};
}

}  // namespace cldcert
