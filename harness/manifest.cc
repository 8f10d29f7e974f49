#include "harness/manifest.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <system_error>
#include <utility>

#include <nlohmann/json.hpp>

#include "harness/platform_name.h"
#include "mocks/bounded_json.h"
#include "mocks/digest.h"
#include "mocks/json_problems.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

namespace fs = std::filesystem;
using mock::Echo;
using mock::json_shown;
using mock::json_type_phrase;
using mock::JsonProblems;
using nlohmann::json;

constexpr std::string_view kSchemaId = "cldcert/manifest/v1";
constexpr std::string_view kFileName = "cldcert.json";
constexpr int kMaxTimeout = 86400;  // a day: anything longer is a hung step, not a slow one

constexpr std::string_view kNonEmptyString = "a non-empty string";
constexpr std::string_view kTypeExpected =
    "an integration type id: a lower-case letter, then lower-case letters, digits or '_'";
// SemVer is P4, a recommendation: docs.version warns about "1.4" instead of refusing the manifest.
constexpr std::string_view kVersionExpected =
    "a version (at most 256 characters; SemVer 2.0.0 such as 1.4.0 recommended)";
constexpr std::string_view kPlaceholderExpected =
    "placeholders written {name}, name being lower-case letters, digits and '_' in '.'-separated parts "
    "(like {file} or {last.public_id}), and {{ or }} for a literal brace";
constexpr std::string_view kTimeoutExpected = "a whole number of seconds from 1 to 86400";

std::string one_of(const std::vector<std::string>& names) {
  std::string out = "one of ";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i == 0 ? "" : ", ") + names[i];
  return out;
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// RFC 6901: a key holding '/' or '~' must not split or garble the pointer.
std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool is_non_empty(std::string_view s) { return !s.empty(); }
// Checks feed versions to the SemVer regex, which recurses per character: keep them short.
bool is_version(std::string_view s) { return !s.empty() && s.size() <= 256 && s.find('\0') == std::string_view::npos; }
bool is_schema_id(std::string_view s) { return s == kSchemaId; }

bool is_integration_type(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return is_lower_or_digit(c) || c == '_'; });
}

// execve cannot pass a NUL: the argument or variable would be silently cut there.
bool has_nul(std::string_view s) { return s.find('\0') != std::string_view::npos; }

// Dot-separated parts of [a-z0-9_]+: {file}, {last.public_id}, {fixture.name}.
bool is_placeholder_name(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  char previous = '\0';
  for (char c : name) {
    if (c == '.' && previous == '.') return false;
    if (!(is_lower_or_digit(c) || c == '_' || c == '.')) return false;
    previous = c;
  }
  return true;
}

// 1-based position of byte `at` counted in UTF-8 characters, as an editor shows it.
std::size_t character_number(std::string_view text, std::size_t at) {
  return 1 + static_cast<std::size_t>(std::count_if(text.begin(), text.begin() + at, [](char c) {
           return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
         }));
}

// Why `text` is not valid placeholder syntax; empty when it is. The scan is
// the one of placeholders.cc (substitute), so both agree on where a name
// starts and ends; "{{" and "}}" are literal braces there too. Only the syntax
// is checked here: which names exist depends on the scenario step, so
// unknown names are the runner's error.
std::string placeholder_problem(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{' && text[i] != '}') continue;
    if (i + 1 < text.size() && text[i + 1] == text[i]) {
      ++i;
      continue;
    }
    const std::string where = " at character " + std::to_string(character_number(text, i));
    if (text[i] == '}') return "'}'" + where + " has no opening '{'";
    const std::size_t close = text.find_first_of("{}", i + 1);
    if (close == std::string_view::npos || text[close] == '{') return "'{'" + where + " is not closed";
    std::string_view name = text.substr(i + 1, close - i - 1);
    if (name.size() > 1 && name.back() == '?') name.remove_suffix(1);  // optional: {name?}
    if (!is_placeholder_name(name)) {
      return json_shown(json(std::string(text.substr(i, close - i + 1)))) + where + " is not a placeholder name";
    }
    i = close;
  }
  return {};
}

// A trailing separator ("dir/." normalizes to "dir/") would make equal folders compare unequal.
fs::path normalized(const fs::path& path) {
  fs::path out = path.lexically_normal();
  if (!out.has_filename() && out.has_relative_path()) out = out.parent_path();
  return out;
}

// The members of `object` outside `allowed` are typos more often than not
// (a misspelt "timeout_s" would silently give 60 s), so they are problems.
void unknown_fields(JsonProblems& check, const json& object, const std::string& at,
                    const std::vector<std::string>& allowed) {
  for (const auto& [key, value] : object.items()) {
    if (contains(allowed, key)) continue;
    std::string expected = "only the fields ";
    for (std::size_t i = 0; i < allowed.size(); ++i) expected += (i == 0 ? "" : ", ") + allowed[i];
    check.problem(at + "/" + pointer_token(key), expected, "an unknown field");
  }
}

// The member `key` of `object` when it is an object, else nullptr (with a
// problem unless it is optional and absent).
const json* object_field(JsonProblems& check, const json& object, const std::string& at, std::string_view key,
                         bool required, std::string_view expected) {
  auto it = object.find(key);
  if (it == object.end()) {
    if (required) check.problem(at + "/" + std::string(key), expected, "nothing");
    return nullptr;
  }
  if (!it->is_object()) {
    check.problem(at + "/" + std::string(key), expected, json_type_phrase(*it));
    return nullptr;
  }
  return &*it;
}

std::optional<int> timeout_value(const json& value) {
  double seconds = 0;
  if (value.is_number_unsigned()) {
    if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxTimeout)) return std::nullopt;
    seconds = static_cast<double>(value.get<std::uint64_t>());
  } else if (value.is_number_integer()) {
    seconds = static_cast<double>(value.get<std::int64_t>());
  } else if (value.is_number_float()) {
    // JSON Schema's "integer" accepts 60.0, so the loader does as well.
    seconds = value.get<double>();
    if (!std::isfinite(seconds) || std::floor(seconds) != seconds) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (seconds < 1 || seconds > kMaxTimeout) return std::nullopt;
  return static_cast<int>(seconds);
}

std::vector<std::string> string_list(JsonProblems& check, const json& object, const std::string& at,
                                     std::string_view key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end()) return out;
  const std::string pointer = at + "/" + std::string(key);
  if (!it->is_array()) {
    check.problem(pointer, "an array of paths or globs", json_type_phrase(*it));
    return out;
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& entry = (*it)[i];
    if (!entry.is_string() || entry.get_ref<const std::string&>().empty()) {
      check.problem(pointer + "/" + std::to_string(i), "a path or glob (a non-empty string)", json_shown(entry));
    } else {
      out.push_back(entry.get<std::string>());
    }
  }
  return out;
}

const std::vector<std::string> kActionFields{"command", "timeout_s", "cwd", "env", "values", "output"};
// A session is started like an action but gets the scenario's arguments as they are.
const std::vector<std::string> kSessionFields{"command", "timeout_s", "cwd", "env", "actions"};

// `fields`: those the object may have; "values" and "output" are read only where allowed.
std::optional<ActionSpec> parse_action(JsonProblems& check, const json& entry, const std::string& at,
                                       const fs::path& dir, const std::vector<std::string>& fields = kActionFields) {
  if (!entry.is_object()) {
    check.problem(at, "an action object with a \"command\" array", json_type_phrase(entry));
    return std::nullopt;
  }
  const std::size_t problems_before = check.problems().size();
  ActionSpec spec;
  spec.cwd = dir.string();

  auto command = entry.find("command");
  const std::string command_at = at + "/command";
  if (command == entry.end()) {
    check.problem(command_at, "a non-empty array of strings (the argv)", "nothing");
  } else if (!command->is_array() || command->empty()) {
    check.problem(command_at, "a non-empty array of strings (the argv)", json_type_phrase(*command));
  } else {
    for (std::size_t i = 0; i < command->size(); ++i) {
      const json& element = (*command)[i];
      const std::string element_at = command_at + "/" + std::to_string(i);
      if (!element.is_string() || (i == 0 && element.get_ref<const std::string&>().empty())) {
        check.problem(element_at, i == 0 ? "the program to run (a non-empty string)" : "a string", json_shown(element));
        continue;
      }
      const std::string& text = element.get_ref<const std::string&>();
      if (has_nul(text)) {
        check.problem(element_at, "a string without NUL characters", json_shown(element));
      } else if (std::string why = placeholder_problem(text); !why.empty()) {
        check.problem(element_at, kPlaceholderExpected, json_shown(element) + " (" + why + ")");
      } else {
        spec.command.push_back(text);
      }
    }
  }

  if (auto it = entry.find("timeout_s"); it != entry.end()) {
    if (auto seconds = timeout_value(*it)) {
      spec.timeout_s = *seconds;
    } else {
      check.problem(at + "/timeout_s", kTimeoutExpected, json_shown(*it));
    }
  }

  if (auto it = entry.find("cwd"); it != entry.end()) {
    if (!it->is_string() || it->get_ref<const std::string&>().empty() || has_nul(it->get_ref<const std::string&>())) {
      check.problem(at + "/cwd", "a folder path (absolute, or relative to the manifest's folder)", json_shown(*it));
    } else {
      // Relative to the manifest, not to wherever cldcert was started: the
      // same manifest must behave the same from any shell.
      spec.cwd = normalized(dir / fs::path(it->get<std::string>())).string();
    }
  }

  if (auto it = entry.find("env"); it != entry.end()) {
    if (!it->is_object()) {
      check.problem(at + "/env", "an object of environment variables (strings)", json_type_phrase(*it));
    } else {
      for (const auto& [name, value] : it->items()) {
        const std::string variable_at = at + "/env/" + pointer_token(name);
        if (name.empty() || name.find('=') != std::string::npos || has_nul(name)) {
          check.problem(variable_at, "a variable name without '=' or NUL", json_shown(json(name)));
        } else if (!value.is_string()) {
          check.problem(variable_at, "a string", json_shown(value));
        } else if (has_nul(value.get_ref<const std::string&>())) {
          check.problem(variable_at, "a string without NUL characters", json_shown(value));
        } else if (std::string why = placeholder_problem(value.get_ref<const std::string&>()); !why.empty()) {
          check.problem(variable_at, kPlaceholderExpected, json_shown(value) + " (" + why + ")");
        } else {
          spec.env[name] = value.get<std::string>();
        }
      }
    }
  }

  const bool maps = contains(fields, "values");
  if (auto it = entry.find("values"); maps && it != entry.end()) {
    const std::string expected = "an object of arguments, each an object mapping a scenario value to a string";
    if (!it->is_object()) {
      check.problem(at + "/values", expected, json_type_phrase(*it));
    } else {
      for (const auto& [argument, map] : it->items()) {
        const std::string map_at = at + "/values/" + pointer_token(argument);
        if (!map.is_object()) {
          check.problem(map_at, expected, json_type_phrase(map));
          continue;
        }
        for (const auto& [from, to] : map.items()) {
          if (!to.is_string() || has_nul(to.get_ref<const std::string&>())) {
            check.problem(map_at + "/" + pointer_token(from), "a string without NUL characters", json_shown(to));
          } else {
            spec.values[argument][from] = to.get<std::string>();
          }
        }
      }
    }
  }

  if (auto it = entry.find("output"); maps && it != entry.end()) {
    if (!it->is_object()) {
      check.problem(at + "/output", "an object of JSON pointers by field (\"public_id\": \"/asset/id\")",
                    json_type_phrase(*it));
    } else {
      for (const auto& [field, pointer] : it->items()) {
        const std::string field_at = at + "/output/" + pointer_token(field);
        bool ok = pointer.is_string() && pointer.get_ref<const std::string&>().starts_with("/");
        if (ok) {
          try {
            json::json_pointer parsed(pointer.get<std::string>());
          } catch (const json::exception&) { ok = false; }
        }
        if (!ok) {
          check.problem(field_at, "a JSON pointer into the action's printed JSON, such as \"/asset/id\"",
                        json_shown(pointer));
        } else {
          spec.output[field] = pointer.get<std::string>();
        }
      }
    }
  }

  unknown_fields(check, entry, at, fields);
  if (check.problems().size() != problems_before) return std::nullopt;
  return spec;
}

void parse_integration(JsonProblems& check, const json& doc, Manifest& out) {
  const json* integration = object_field(check, doc, "", "integration", true, "an object with type, name and version");
  if (!integration) return;
  const std::string at = "/integration";
  if (auto type = check.string_field(*integration, at, "type", true, Echo::kShow, kTypeExpected, is_integration_type)) {
    out.integration_type = *type;
  }
  if (auto name = check.string_field(*integration, at, "name", true, Echo::kShow, kNonEmptyString, is_non_empty)) {
    out.integration_name = *name;
  }
  if (auto version = check.string_field(*integration, at, "version", true, Echo::kShow, kVersionExpected, is_version)) {
    out.integration_version = *version;
  }
}

void parse_platform(JsonProblems& check, const json& doc, Manifest& out) {
  const json* platform = object_field(check, doc, "", "platform", true, "an object with name and version");
  if (!platform) return;
  const std::string at = "/platform";
  if (auto name = check.string_field(*platform, at, "name", true, Echo::kShow, kPlatformNameRule, is_platform_name)) {
    out.platform_name = *name;
  }
  if (auto version = check.string_field(*platform, at, "version", true, Echo::kShow, kNonEmptyString, is_non_empty)) {
    out.platform_version = *version;
  }
}

void parse_capabilities(JsonProblems& check, const json& doc, Manifest& out) {
  auto list = doc.find("capabilities");
  const std::string expected = "an array of capability names";
  if (list == doc.end()) {
    check.problem("/capabilities", expected, "nothing");
    return;
  }
  if (!list->is_array()) {
    check.problem("/capabilities", expected, json_type_phrase(*list));
    return;
  }
  std::map<std::string, std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& entry = (*list)[i];
    const std::string at = "/capabilities/" + std::to_string(i);
    if (!entry.is_string() || !contains(known_capabilities(), entry.get_ref<const std::string&>())) {
      check.problem(at, one_of(known_capabilities()), json_shown(entry));
      continue;
    }
    check.unique(seen, entry.get<std::string>(), at, "a capability not listed before", Echo::kShow);
    out.capabilities.insert(entry.get<std::string>());
  }
}

void parse_scan(JsonProblems& check, const json& doc, Manifest& out) {
  const json* scan = object_field(check, doc, "", "scan", false, "an object with source, artifacts, logs");
  if (!scan) return;
  out.scan_source = string_list(check, *scan, "/scan", "source");
  out.scan_artifacts = string_list(check, *scan, "/scan", "artifacts");
  out.scan_logs = string_list(check, *scan, "/scan", "logs");
  out.scan_history = string_list(check, *scan, "/scan", "history");
  // A misspelt list would scan nothing and let the secret checks pass vacuously.
  unknown_fields(check, *scan, "/scan", {"source", "artifacts", "logs", "history"});
}

void parse_docs(JsonProblems& check, const json& doc, Manifest& out) {
  const json* docs =
      object_field(check, doc, "", "docs", false, "an object with readme, license, contributing, changelog");
  if (!docs) return;
  constexpr std::string_view kPath = "a file path relative to the manifest's folder (a non-empty string)";
  auto path = [&](std::string_view key, std::string& into) {
    if (auto value = check.string_field(*docs, "/docs", key, false, Echo::kShow, kPath,
                                        [](std::string_view s) { return !s.empty() && !has_nul(s); })) {
      into = *value;
    }
  };
  path("readme", out.docs_readme);
  path("license", out.docs_license);
  path("contributing", out.docs_contributing);
  path("changelog", out.docs_changelog);
  // A misspelt name would silently judge the default file instead.
  unknown_fields(check, *docs, "/docs", {"readme", "license", "contributing", "changelog"});
}

void parse_credentials(JsonProblems& check, const json& doc, Manifest& out) {
  const json* credentials = object_field(check, doc, "", "credentials", false, "an object with via");
  if (!credentials) return;
  if (auto via = check.string_field(*credentials, "/credentials", "via", true, Echo::kShow, "environment or login",
                                    [](std::string_view s) { return s == "environment" || s == "login"; })) {
    out.credentials_via = *via == "login" ? CredentialsVia::kLogin : CredentialsVia::kEnvironment;
  }
  unknown_fields(check, *credentials, "/credentials", {"via"});
}

void parse_host(JsonProblems& check, const json& doc, Manifest& out) {
  const json* host = object_field(check, doc, "", "host", false, "an object with root and health");
  if (!host) return;
  if (auto it = host->find("root"); it != host->end()) {
    const bool is_path =
        it->is_string() && !it->get_ref<const std::string&>().empty() && !has_nul(it->get_ref<const std::string&>());
    const std::string why = is_path ? placeholder_problem(it->get_ref<const std::string&>()) : "";
    if (!is_path) {
      check.problem("/host/root", "a folder path (a non-empty string, may use {workdir})", json_shown(*it));
    } else if (!why.empty()) {
      check.problem("/host/root", kPlaceholderExpected, json_shown(*it) + " (" + why + ")");
    } else {
      out.host_root = it->get<std::string>();
    }
  }
  if (auto it = host->find("health"); it != host->end()) {
    out.host_health = parse_action(check, *it, "/host/health", out.dir);
  }
  if (auto it = host->find("prepare"); it != host->end()) {
    out.host_prepare = parse_action(check, *it, "/host/prepare", out.dir);
  }
  if (auto it = host->find("state"); it != host->end()) {
    out.host_state = parse_action(check, *it, "/host/state", out.dir);
  }
  out.host_allow = string_list(check, *host, "/host", "allow");
  unknown_fields(check, *host, "/host", {"root", "health", "prepare", "state", "allow"});
}

void parse_actions(JsonProblems& check, const json& doc, Manifest& out) {
  const json* actions = object_field(check, doc, "", "actions", true, "an object of actions by name");
  if (!actions) return;
  for (const auto& [name, entry] : actions->items()) {
    const std::string at = "/actions/" + pointer_token(name);
    if (!contains(known_actions(), name)) {
      check.problem(at, "an action named " + one_of(known_actions()), json_shown(json(name)));
      continue;
    }
    if (auto spec = parse_action(check, entry, at, out.dir)) out.actions.emplace(name, std::move(*spec));
  }
}

void parse_session(JsonProblems& check, const json& doc, Manifest& out) {
  auto it = doc.find("session");
  if (it == doc.end()) return;
  auto process = parse_action(check, *it, "/session", out.dir, kSessionFields);
  const json* actions = it->is_object() ? object_field(check, *it, "/session", "actions", true,
                                                       "an object of the actions it serves, by name")
                                        : nullptr;
  if (!process || !actions) return;
  SessionSpec session{*process, {}};
  for (const auto& [name, entry] : actions->items()) {
    const std::string at = "/session/actions/" + pointer_token(name);
    if (!contains(known_actions(), name)) {
      check.problem(at, "an action named " + one_of(known_actions()), json_shown(json(name)));
      continue;
    }
    if (out.actions.count(name)) {
      check.problem(at, "an action served either by the session or by /actions/" + name + ", not both",
                    "both declare it");
      continue;
    }
    // Its environment is set once, at start: credentials given that way could not follow a login.
    if ((name == "login" || name == "switch") && out.credentials_via == CredentialsVia::kEnvironment) {
      check.problem(at,
                    "credentials.via \"login\" for a session that serves " + name +
                        " (a process started once cannot get credentials through its environment at a login)",
                    "credentials.via \"environment\"");
      continue;
    }
    if (!entry.is_object()) {
      check.problem(at, "an object (optionally with timeout_s)", json_type_phrase(entry));
      continue;
    }
    int timeout = session.process.timeout_s;
    if (auto t = entry.find("timeout_s"); t != entry.end()) {
      if (auto seconds = timeout_value(*t)) {
        timeout = *seconds;
      } else {
        check.problem(at + "/timeout_s", kTimeoutExpected, json_shown(*t));
      }
    }
    unknown_fields(check, entry, at, {"timeout_s"});
    session.actions[name] = timeout;
  }
  if (actions->empty()) check.problem("/session/actions", "at least one action", "none");
  out.session = std::move(session);
}

// A count or a size: a whole number from 1 on (0 would forbid everything, a declared limit means some).
std::optional<std::uint64_t> positive_whole(const json& value) {
  if (value.is_number_unsigned() && value.get<std::uint64_t>() > 0) return value.get<std::uint64_t>();
  if (value.is_number_float()) {
    const double number = value.get<double>();
    if (std::isfinite(number) && std::floor(number) == number && number >= 1 && number < 1.8e19) {
      return static_cast<std::uint64_t>(number);
    }
  }
  return std::nullopt;
}

// "PNG" and ".png" are the extension png; a resource type (image, video, raw) stands for all its files.
std::optional<std::string> file_type(const json& value) {
  if (!value.is_string()) return std::nullopt;
  std::string type = text::lower(value.get<std::string>());
  if (type.starts_with(".")) type.erase(0, 1);
  if (type.empty() || type.size() > 32 || !std::all_of(type.begin(), type.end(), is_lower_or_digit)) {
    return std::nullopt;
  }
  return type;
}

void parse_limits(JsonProblems& check, const json& doc, Manifest& out) {
  const json* limits = object_field(check, doc, "", "limits", false, "an object of the integration's limits");
  if (!limits) return;
  const std::pair<std::string_view, std::optional<std::uint64_t>*> kCounts[] = {
      {"max_upload_bytes", &out.limits.max_upload_bytes},
      {"max_parallel_uploads", &out.limits.max_parallel_uploads},
      {"max_listed", &out.limits.max_listed},
      {"queue_size", &out.limits.queue_size}};
  for (const auto& [name, into] : kCounts) {
    auto it = limits->find(name);
    if (it == limits->end()) continue;
    *into = positive_whole(*it);
    if (!*into) check.problem("/limits/" + std::string(name), "a whole number from 1 on", json_shown(*it));
  }
  if (auto it = limits->find("file_types"); it != limits->end()) {
    const std::string expected = "a non-empty array of extensions (\"png\", \".pdf\") or resource types";
    if (!it->is_array() || it->empty()) {
      check.problem("/limits/file_types", expected, json_type_phrase(*it));
    } else {
      std::map<std::string, std::string> seen;
      for (std::size_t i = 0; i < it->size(); ++i) {
        const std::string at = "/limits/file_types/" + std::to_string(i);
        auto type = file_type((*it)[i]);
        if (!type) {
          check.problem(at, "an extension (letters and digits, optionally after a '.') or a resource type",
                        json_shown((*it)[i]));
          continue;
        }
        check.unique(seen, *type, at, "a file type not listed before", Echo::kShow);
        out.limits.file_types.push_back(*type);
      }
    }
  }
  // A misspelt limit would silently go unjudged.
  unknown_fields(check, *limits, "/limits", known_limits());
}

bool is_hostname(std::string_view s) {
  return !s.empty() && s.size() <= 253 && s.front() != '.' && s.front() != '-' &&
         std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
         });
}

void parse_network(JsonProblems& check, const json& doc, Manifest& out) {
  const json* network = object_field(check, doc, "", "network", false, "an object with mode and expected_hosts");
  if (!network) return;
  if (auto mode = check.string_field(*network, "/network", "mode", false, Echo::kShow, "env, proxy or sandbox",
                                     [](std::string_view s) { return network::parse_network_mode(s).has_value(); })) {
    out.network_mode = network::parse_network_mode(*mode);
  }
  if (auto it = network->find("expected_hosts"); it != network->end()) {
    if (!it->is_array()) {
      check.problem("/network/expected_hosts", "an array of hostnames", json_type_phrase(*it));
    } else {
      std::map<std::string, std::string> seen;
      for (std::size_t i = 0; i < it->size(); ++i) {
        const std::string at = "/network/expected_hosts/" + std::to_string(i);
        const json& host = (*it)[i];
        if (!host.is_string() || !is_hostname(host.get_ref<const std::string&>())) {
          check.problem(at, "a hostname (letters, digits, '.', '-'; no scheme or port)", json_shown(host));
          continue;
        }
        std::string name = text::lower(host.get<std::string>());
        check.unique(seen, name, at, "a host not listed before", Echo::kShow);
        out.network_expected_hosts.push_back(name);
      }
    }
  }
  // A misspelt field would silently leave the mode or the hosts unset.
  unknown_fields(check, *network, "/network", {"mode", "expected_hosts"});
}

Manifest parse_manifest(const json& doc, const std::string& source, Manifest out) {
  JsonProblems check(source);
  if (!doc.is_object()) {
    check.problem("", "an object (the cldcert manifest)", json_type_phrase(doc));
    throw ManifestError(check.problems());
  }
  check.string_field(doc, "", "schema", true, Echo::kShow, "\"" + std::string(kSchemaId) + "\"", is_schema_id);
  parse_integration(check, doc, out);
  parse_platform(check, doc, out);
  if (auto environment = check.string_field(doc, "", "environment", true, Echo::kShow, one_of(known_environments()),
                                            [](std::string_view s) { return contains(known_environments(), s); })) {
    out.environment = *environment;
  }
  parse_capabilities(check, doc, out);
  parse_scan(check, doc, out);
  parse_docs(check, doc, out);
  parse_host(check, doc, out);
  parse_credentials(check, doc, out);
  parse_limits(check, doc, out);
  parse_actions(check, doc, out);
  parse_session(check, doc, out);
  parse_network(check, doc, out);
  if (!check.empty()) throw ManifestError(check.problems());
  return out;
}

}  // namespace

bool Manifest::has(std::string_view capability) const {
  return capabilities.find(std::string(capability)) != capabilities.end();
}

const ActionSpec* Manifest::action(std::string_view name) const {
  auto it = actions.find(std::string(name));
  return it == actions.end() ? nullptr : &it->second;
}

bool Manifest::session_serves(std::string_view name) const {
  return session && session->actions.count(std::string(name)) != 0;
}

ManifestError::ManifestError(std::vector<std::string> problem_lines)
    : std::runtime_error(text::join(problem_lines, "\n")), problems(std::move(problem_lines)) {}

Manifest load_manifest(const fs::path& path_or_dir) {
  std::error_code ec;
  const auto status = fs::status(path_or_dir, ec);
  if (status.type() == fs::file_type::not_found) {
    throw ManifestError({path_or_dir.string() + ": no such file or folder (expected " + std::string(kFileName) +
                         " or the folder holding it)"});
  }
  fs::path file = path_or_dir;
  if (fs::is_directory(status)) {
    file = path_or_dir / kFileName;
    if (fs::status(file, ec).type() == fs::file_type::not_found) {
      throw ManifestError({std::string(kFileName) + " not found in " + path_or_dir.string()});
    }
  }
  // Problems name the file as the user wrote it; Manifest::path is absolute for the runner.
  const std::string source = file.string();
  mock::FileText text = mock::read_file_text(file);
  if (!text.error.empty()) throw ManifestError({source + ": cannot read the manifest: " + text.error});
  mock::ParsedJson parsed = mock::parse_json_text(text.text, mock::DuplicateKeys::kRefuse);
  if (!parsed.error.empty()) throw ManifestError({source + ": " + parsed.error});

  Manifest out;
  out.path = normalized(fs::absolute(file));
  out.dir = out.path.parent_path();
  out.digest = mock::sha256_hex(text.text);
  out.text = std::move(text.text);
  return parse_manifest(parsed.doc, source, std::move(out));
}

const std::vector<std::string>& known_capabilities() {
  // A data list, kept packed to be read at a glance.
  // clang-format off
  static const std::vector<std::string> kNames{
      "upload", "video", "raw", "private_assets", "authenticated_assets", "fetch_delivery", "large_files",
      "upload_presets", "responsive_breakpoints", "transformations", "named_transformations", "sub_accounts",
      "multiple_accounts", "enable_disable", "sync_delete", "media_library_widget", "upload_widget",
      "product_gallery", "video_player", "programmable_media", "widgets"};
  // clang-format on
  return kNames;
}

const std::vector<std::string>& known_actions() {
  static const std::vector<std::string> kNames{"install", "update",  "uninstall", "enable",       "disable",
                                               "login",   "logout",  "switch",    "sub_accounts", "switch_sub_account",
                                               "upload",  "deliver", "delete",    "list",         "page",
                                               "package", "test"};
  return kNames;
}

std::map<std::string, std::string> Limits::declared() const {
  std::map<std::string, std::string> out;
  if (max_upload_bytes) out["max_upload_bytes"] = std::to_string(*max_upload_bytes);
  if (max_parallel_uploads) out["max_parallel_uploads"] = std::to_string(*max_parallel_uploads);
  if (max_listed) out["max_listed"] = std::to_string(*max_listed);
  if (queue_size) out["queue_size"] = std::to_string(*queue_size);
  if (!file_types.empty()) out["file_types"] = text::join(file_types, ",");
  return out;
}

const std::vector<std::string>& known_limits() {
  static const std::vector<std::string> kNames{"max_upload_bytes", "max_parallel_uploads", "max_listed", "queue_size",
                                               "file_types"};
  return kNames;
}

const std::vector<std::string>& known_environments() {
  static const std::vector<std::string> kNames{"prod", "stag", "dev"};
  return kNames;
}

}  // namespace cldcert
