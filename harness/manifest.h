// The integration manifest (cldcert.json, docs/manifest.md): loading and validation.
// Every problem of a manifest is reported at once, each naming file, JSON pointer, expected and found.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "harness/network/network_mode.h"

namespace cldcert {

// How to perform one action (or the host health check).
struct ActionSpec {
  // argv, run without a shell; elements may hold {placeholders}, syntax-checked at load.
  std::vector<std::string> command;
  int timeout_s = 60;
  // Absolute: a relative "cwd" is resolved against the manifest's folder, the default.
  std::string cwd;
  // Extra variables on top of the ones every action gets; values may hold {placeholders}, as argv.
  std::map<std::string, std::string> env;
  // "values": a scenario argument's value as the integration spells it, by argument then value
  // (type fetch → --fetch), for its placeholder and CLDCERT_ARG_*; unlisted values pass unchanged.
  std::map<std::string, std::map<std::string, std::string>> values{};
  // "output": where in the JSON the action prints each field cldcert reads is, as a JSON pointer
  // (public_id → /asset/id); unlisted fields are read at the top level.
  std::map<std::string, std::string> output{};
};

// A long-lived integration process started once per scenario (docs/manifest.md, "Sessions"): the
// steps of the actions it serves reach it as JSON lines on its stdin, answered by id on its stdout.
struct SessionSpec {
  ActionSpec process;                  // command, cwd, env; timeout_s is the default time to answer a step
  std::map<std::string, int> actions;  // the actions it serves, each with its time to answer, in seconds
};

// What the integration says it limits (docs/manifest.md, "Limits"), each optional: R18 judges that
// at a limit it works and past it the user is refused, with nothing sent to Cloudinary.
struct Limits {
  std::optional<std::uint64_t> max_upload_bytes, max_parallel_uploads, max_listed, queue_size;
  // Extensions (lower case, no dot) and resource types (image, video, raw) it accepts; empty: any.
  std::vector<std::string> file_types;
  // The declared ones by name, as text ("max_upload_bytes" → "1048576", "file_types" → "png,jpg"):
  // the scenario placeholders {limits.NAME}.
  std::map<std::string, std::string> declared() const;
};

// How the integration receives a cloud's credentials from cldcert (docs/manifest.md, "Credentials").
enum class CredentialsVia {
  kEnvironment,  // CLOUDINARY_URL and CLDCERT_API_* in the environment of the steps from login to logout
  kLogin,        // placeholders {cloudinary_url}, {api_key}, {api_secret} in the login and switch steps only
};

struct Manifest {
  std::filesystem::path path, dir;  // absolute
  std::string integration_type, integration_name, integration_version;
  std::string platform_name, platform_version;
  std::string environment;  // prod|stag|dev
  std::set<std::string> capabilities;
  // As written (globs allowed), relative to dir.
  std::vector<std::string> scan_source, scan_artifacts, scan_logs;
  // Git repositories whose whole history is scanned; may contain {workdir}, {host_root}.
  std::vector<std::string> scan_history;
  // The integration's documents, relative to dir; empty means the default name (README.md,
  // LICENSE*, CONTRIBUTING*, CHANGELOG*).
  std::string docs_readme, docs_license, docs_contributing, docs_changelog;
  // As written; may contain {workdir}; empty when the manifest has no host.root.
  std::string host_root;
  std::optional<ActionSpec> host_health;
  // Lays out a fresh host platform at {host_root} before each scenario (e.g. copies a template).
  std::optional<ActionSpec> host_prepare;
  // Prints the platform's state (e.g. a config or settings dump, secrets redacted) for snapshots:
  // what an update must keep is judged on it.
  std::optional<ActionSpec> host_state;
  // Globs relative to {host_root} ('*' crosses '/'; "logs/**" also covers "logs") of what the
  // platform itself legitimately leaves or changes across an install and uninstall.
  std::vector<std::string> host_allow;
  std::map<std::string, ActionSpec> actions;
  std::optional<SessionSpec> session;
  CredentialsVia credentials_via = CredentialsVia::kEnvironment;
  Limits limits;
  // "network": the mode the integration asks for (a run's --network wins), and the hosts besides
  // Cloudinary's it is expected to call (network.egress passes them), lower-case, without port.
  std::optional<network::NetworkMode> network_mode;
  std::vector<std::string> network_expected_hosts;
  // SHA-256 (lower-case hex) of the file's bytes, for report metadata.
  std::string digest;
  // The file's bytes as loaded: what the run judged, what the bundle keeps a copy of and where SARIF finds
  // an action's line (read once: the file may change while the run goes on).
  std::string text;

  bool has(std::string_view capability) const;
  // nullptr when the manifest does not declare the action as a process of its own.
  const ActionSpec* action(std::string_view name) const;
  // The action is the session's to serve.
  bool session_serves(std::string_view name) const;
  // The action exists, as a process of its own or served by the session.
  bool performs(std::string_view name) const { return action(name) != nullptr || session_serves(name); }
};

// Every problem at once, one per entry; what() is them joined by '\n'.
struct ManifestError : std::runtime_error {
  explicit ManifestError(std::vector<std::string> problems);
  std::vector<std::string> problems;
};

// A directory means <dir>/cldcert.json. Throws ManifestError when the file is
// missing or unreadable, is not JSON (line and column given) or is invalid.
Manifest load_manifest(const std::filesystem::path& path_or_dir);

// The vocabularies of docs/manifest.md, in the doc's order; manifest.schema.json lists the same.
const std::vector<std::string>& known_capabilities();
const std::vector<std::string>& known_actions();
const std::vector<std::string>& known_environments();
// The fields of "limits", in the doc's order.
const std::vector<std::string>& known_limits();

}  // namespace cldcert
