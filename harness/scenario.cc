#include "harness/scenario.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

#include "harness/checks/registry.h"
#include "harness/embedded_data.h"
#include "harness/harness_steps.h"
#include "harness/manifest.h"
#include "mocks/bounded_json.h"
#include "mocks/digest.h"
#include "mocks/json_problems.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

class Reader {
 public:
  Reader(const std::string& source, std::vector<std::string>& problems) : source_(source), problems_(problems) {}
  void problem(const std::string& pointer, const std::string& expected, const nlohmann::json* found) {
    problems_.push_back(source_ + ": " + pointer + ": expected " + expected + ", found " +
                        (found ? found->dump() : std::string("nothing")));
  }
  std::string text(const nlohmann::json& obj, const std::string& key, const std::string& pointer, bool required,
                   const std::string& expected = "a non-empty string") {
    if (!obj.contains(key)) {
      if (required) problem(pointer + "/" + key, expected, nullptr);
      return "";
    }
    const auto& v = obj[key];
    if (!v.is_string() || v.get<std::string>().empty()) {
      problem(pointer + "/" + key, expected, &v);
      return "";
    }
    return v.get<std::string>();
  }
  std::vector<std::string> strings(const nlohmann::json& obj, const std::string& key, const std::string& pointer) {
    std::vector<std::string> out;
    if (!obj.contains(key)) return out;
    const auto& v = obj[key];
    if (!v.is_array()) {
      problem(pointer + "/" + key, "an array of strings", &v);
      return out;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string())
        problem(pointer + "/" + key + "/" + std::to_string(i), "a string", &v[i]);
      else
        out.push_back(v[i].get<std::string>());
    }
    return out;
  }

 private:
  const std::string& source_;
  std::vector<std::string>& problems_;
};

// The items of scenarios/checklist.json: what a scenario may say it serves.
const std::set<std::string>& checklist_items() {
  static const std::set<std::string> kItems = [] {
    std::set<std::string> items;
    if (auto text = embedded_file("scenarios/checklist.json")) {
      auto doc = nlohmann::json::parse(*text);
      for (const auto& item : doc.at("items")) items.insert(item.at("id").get<std::string>());
    }
    return items;
  }();
  return kItems;
}

std::string one_of(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return "one of " + out;
}

bool contains_name(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// "{limits.NAME}" or "{limits.NAME}+N" (N as `plus_of` reads it): a value the manifest's limit decides;
// the limit's name and N, or nullopt when it is not written so.
std::optional<std::pair<std::string, std::uint64_t>> parse_limit_plus(
    const std::string& text, const std::function<std::optional<std::uint64_t>(std::string_view)>& plus_of) {
  static const std::string kOpen = "{limits.";
  const std::size_t close = text.find('}');
  if (!text.starts_with(kOpen) || close == std::string::npos) return std::nullopt;
  const std::string name = text.substr(kOpen.size(), close - kOpen.size());
  if (name == "file_types" || !contains_name(known_limits(), name)) return std::nullopt;
  std::string_view rest = std::string_view(text).substr(close + 1);
  std::uint64_t plus = 0;
  if (!rest.empty()) {
    if (rest.front() != '+') return std::nullopt;
    auto number = plus_of(rest.substr(1));
    if (!number) return std::nullopt;
    plus = *number;
  }
  return std::make_pair(name, plus);
}

// "{limits.max_upload_bytes}" or "{limits.max_upload_bytes}+1": a size the manifest's limit decides.
bool parse_limit_size(const std::string& text, FixtureSpec& fixture) {
  auto limit = parse_limit_plus(text, parse_size);
  if (!limit) return false;
  std::tie(fixture.size_limit, fixture.size_plus) = *limit;
  return true;
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  return std::stoull(std::string(text));
}

// "count": 5, "{limits.queue_size}" or "{limits.queue_size}+1": how many files a batch fixture holds.
bool parse_fixture_count(const nlohmann::json& written, FixtureSpec& fixture) {
  if (written.is_number_unsigned()) {
    fixture.count = written.get<std::uint64_t>();
    return fixture.count >= 1 && fixture.count <= 1000;
  }
  if (!written.is_string()) return false;
  auto limit = parse_limit_plus(written.get<std::string>(), parse_count);
  if (!limit || limit->first == "max_upload_bytes") return false;
  std::tie(fixture.count_limit, fixture.count_plus) = *limit;
  return true;
}

bool valid_id(const std::string& id) {
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (id.empty() || !lower_or_digit(id[0])) return false;
  return std::all_of(id.begin(), id.end(), [&](char c) { return lower_or_digit(c) || c == '.' || c == '-'; });
}

}  // namespace

ScenarioError::ScenarioError(std::vector<std::string> p)
    : std::runtime_error(text::join(p, "\n")), problems(std::move(p)) {}

std::optional<std::uint64_t> parse_size(std::string_view text) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  std::size_t i = 0;
  std::uint64_t number = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    auto digit = static_cast<std::uint64_t>(text[i++] - '0');
    if (number > (kMax - digit) / 10) return std::nullopt;  // a size past 2^64 - 1 is malformed, not wrapped
    number = number * 10 + digit;
  }
  if (i == 0) return std::nullopt;
  std::string_view unit = text.substr(i);
  static const std::pair<std::string_view, std::uint64_t> kUnits[] = {{"", 1},
                                                                      {"B", 1},
                                                                      {"KB", 1000},
                                                                      {"MB", 1000 * 1000},
                                                                      {"GB", 1000ull * 1000 * 1000},
                                                                      {"KiB", 1024},
                                                                      {"MiB", 1024 * 1024},
                                                                      {"GiB", 1024ull * 1024 * 1024}};
  for (const auto& [name, factor] : kUnits) {
    if (unit == name) return number > kMax / factor ? std::nullopt : std::optional<std::uint64_t>(number * factor);
  }
  return std::nullopt;
}

namespace {

// One step object at `ptr`; nullopt when it is not an object (the problem recorded).
std::optional<ScenarioStep> parse_step(Reader& r, const nlohmann::json& step, const std::string& ptr,
                                       const std::string& source, std::vector<std::string>& problems) {
  if (!step.is_object()) {
    r.problem(ptr, "an object such as {\"action\": \"upload\", \"args\": {…}}", &step);
    return std::nullopt;
  }
  ScenarioStep st;
  st.action = r.text(step, "action", ptr, true);
  // A typo ("uplaod") would make the scenario "not applicable" to every integration.
  std::vector<std::string> actions = known_actions();
  const std::vector<std::string> harness_actions = harness_step_actions();
  actions.insert(actions.end(), harness_actions.begin(), harness_actions.end());
  if (!st.action.empty() && std::find(actions.begin(), actions.end(), st.action) == actions.end()) {
    r.problem(ptr + "/action", "an action named " + one_of(actions), &step["action"]);
  }
  if (step.contains("cloud")) {
    if (step["cloud"].is_string())
      st.cloud = step["cloud"].get<std::string>();
    else
      r.problem(ptr + "/cloud", "a cloud alias such as \"primary\" or \"secondary_sub\"", &step["cloud"]);
  }
  if (step.contains("expect")) {
    if (auto expect = step_expect_from_json(step["expect"]))
      st.expect = *expect;
    else
      r.problem(ptr + "/expect", kStepExpectForms, &step["expect"]);
  }
  if (step.contains("optional")) {
    if (step["optional"].is_boolean())
      st.optional = step["optional"].get<bool>();
    else
      r.problem(ptr + "/optional", "true or false", &step["optional"]);
  }
  if (step.contains("limit")) {
    const auto& limit = step["limit"];
    if (limit.is_string() && contains_name(known_limits(), limit.get<std::string>()))
      st.limit = limit.get<std::string>();
    else
      r.problem(ptr + "/limit", "a limit of the manifest, " + one_of(known_limits()), &limit);
  }
  if (step.contains("tls_probe")) {
    const auto& probe = step["tls_probe"];
    auto parsed = probe.is_string() ? network::parse_tls_probe(probe.get<std::string>()) : std::nullopt;
    if (parsed && *parsed != network::TlsProbe::kNone)
      st.tls_probe = *parsed;
    else
      r.problem(ptr + "/tls_probe", "\"unknown_issuer\" or \"wrong_host\"", &probe);
  }
  if (step.contains("args")) {
    if (!step["args"].is_object())
      r.problem(ptr + "/args", "an object of strings", &step["args"]);
    else
      for (const auto& [k, v] : step["args"].items()) {
        if (!v.is_string())
          r.problem(ptr + "/args/" + k, "a string", &v);
        else
          st.args[k] = v.get<std::string>();
      }
  }
  if (is_harness_step(st.action) && st.tls_probe != network::TlsProbe::kNone) {
    r.problem(ptr + "/tls_probe", "no TLS probe on a harness step (it probes the integration's client)",
              &step["tls_probe"]);
  }
  if (is_harness_step(st.action)) {
    for (const auto& problem : harness_step_problems(st.action, st.args))
      problems.push_back(source + ": " + ptr + "/" + problem);
  }
  return st;
}

// {"concurrently": [step, step, …]}: steps started together (uploads to two accounts at once), each
// flattened into the scenario's steps with the index of the group's first one.
void parse_concurrent_steps(Reader& r, const nlohmann::json& group, const std::string& ptr, const std::string& source,
                            std::vector<std::string>& problems, std::vector<ScenarioStep>& steps) {
  const nlohmann::json& members = group["concurrently"];
  for (const auto& [key, value] : group.items()) {
    if (key != "concurrently") r.problem(ptr + "/" + key, "only \"concurrently\" in a group of steps", &value);
  }
  if (!members.is_array() || members.size() < 2) {
    r.problem(ptr + "/concurrently", "an array of at least two steps to start together", &members);
    return;
  }
  const std::size_t first = steps.size();
  for (std::size_t k = 0; k < members.size(); ++k) {
    const std::string at = ptr + "/concurrently/" + std::to_string(k);
    auto st = parse_step(r, members[k], at, source, problems);
    if (!st) continue;
    // What they change (the active cloud, a fault, a snapshot) would race with the others.
    if (is_harness_step(st->action) || st->action == "login" || st->action == "switch" ||
        st->action == "switch_sub_account" || st->action == "logout") {
      nlohmann::json found = st->action;
      r.problem(at + "/action", "an action of the integration other than login, switch, switch_sub_account and logout",
                &found);
    }
    st->concurrent_group = first;
    steps.push_back(std::move(*st));
  }
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::string& source) {
  std::vector<std::string> problems;
  mock::ParsedJson parsed = mock::parse_json_text(text, mock::DuplicateKeys::kRefuse);
  // A syntax error names its line and column: scenario files are hand-written.
  if (!parsed.error.empty()) throw ScenarioError({source + ": " + parsed.error});
  const nlohmann::json& doc = parsed.doc;
  if (!doc.is_object()) {
    throw ScenarioError({source + ": expected a JSON object, found " + mock::json_type_phrase(doc)});
  }
  Reader r(source, problems);
  Scenario s;
  s.source = source;
  s.digest = mock::sha256_hex(text);
  s.text = text;
  // The id names files and folders (the work folder, journal/<id>.jsonl, logs/<id>/), so no '/', no "..".
  const std::string id_expected = "a scenario id of [a-z0-9.-], starting with a letter or digit";
  s.id = r.text(doc, "id", "", true, id_expected);
  if (!s.id.empty() && !valid_id(s.id)) {
    nlohmann::json found = s.id;
    r.problem("/id", id_expected, &found);
  }
  s.title = r.text(doc, "title", "", true);
  s.checklist = r.strings(doc, "checklist", "");
  if (s.checklist.empty()) {
    r.problem("/checklist", "a non-empty array of checklist item ids (B1…R19)",
              doc.contains("checklist") ? &doc["checklist"] : nullptr);
  } else {
    // A typo ("t2") would silently leave the item out of the report's checklist.
    for (std::size_t i = 0; i < doc["checklist"].size(); ++i) {
      const auto& item = doc["checklist"][i];
      if (item.is_string() && !checklist_items().count(item.get<std::string>())) {
        r.problem("/checklist/" + std::to_string(i), "a checklist item id (B1…B6, P1…P6, T1…T3, R1…R19)", &item);
      }
    }
  }
  if (doc.contains("level")) {
    const auto& level = doc["level"];
    if (level.is_string() && (level == "required" || level == "recommended"))
      s.level = level.get<std::string>();
    else
      r.problem("/level", "required or recommended", &level);
  }
  for (auto& c : r.strings(doc, "requires", "")) s.requires_capabilities.insert(c);
  if (doc.contains("large")) {
    if (doc["large"].is_boolean())
      s.large = doc["large"].get<bool>();
    else
      r.problem("/large", "true or false", &doc["large"]);
  }
  if (doc.contains("fixtures")) {
    if (!doc["fixtures"].is_object()) {
      r.problem("/fixtures", "an object of fixture name to spec", &doc["fixtures"]);
    } else {
      for (const auto& [name, spec] : doc["fixtures"].items()) {
        std::string ptr = "/fixtures/" + name;
        if (!spec.is_object()) {
          r.problem(ptr, "an object such as {\"kind\": \"png\", \"width\": 640, \"height\": 480}", &spec);
          continue;
        }
        FixtureSpec f;
        f.name = name;
        if (spec.contains("kind")) f.kind = spec["kind"].is_string() ? spec["kind"].get<std::string>() : "";
        if (spec.contains("seed")) {
          if (spec["seed"].is_number_unsigned())
            f.seed = spec["seed"].get<std::uint64_t>();
          else
            r.problem(ptr + "/seed", "a whole number >= 0", &spec["seed"]);
        }
        if (f.kind == "png") {
          bool typed = true;
          // A named reference: clang before 16 cannot capture a structured binding (script/fuzz builds with it).
          const nlohmann::json& given = spec;
          auto dimension = [&](const std::string& key) {
            if (!given.contains(key)) return 0;
            const auto& v = given[key];
            constexpr int kMaxInt = std::numeric_limits<int>::max();
            bool fits = v.is_number_unsigned() ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMaxInt)
                                               : v.is_number_integer() && v.get<std::int64_t>() >= -kMaxInt &&
                                                     v.get<std::int64_t>() <= kMaxInt;
            if (!fits) {
              r.problem(ptr + "/" + key, "a whole number of pixels", &v);
              typed = false;
              return 0;
            }
            return v.get<int>();
          };
          f.width = dimension("width");
          f.height = dimension("height");
          if (typed && (f.width <= 0 || f.height <= 0)) r.problem(ptr, "width and height > 0 for a png fixture", &spec);
        } else if (f.kind == "bytes" || f.kind == "mp4") {
          const bool written = spec.contains("size") && spec["size"].is_string();
          auto size = written ? parse_size(spec["size"].get<std::string>()) : std::nullopt;
          if (size)
            f.size = *size;
          else if (!written || !parse_limit_size(spec["size"].get<std::string>(), f))
            r.problem(ptr + "/size", "a size such as \"1100MiB\", \"20MB\" or \"{limits.max_upload_bytes}+1\"",
                      spec.contains("size") ? &spec["size"] : nullptr);
          if (spec.contains("extension")) {
            const auto& extension = spec["extension"];
            const std::string* name = extension.is_string() ? &extension.get_ref<const std::string&>() : nullptr;
            const bool ok = f.kind == "bytes" && name && !name->empty() && name->size() <= 16 &&
                            std::all_of(name->begin(), name->end(),
                                        [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
            if (ok)
              f.extension = *name;
            else
              r.problem(ptr + "/extension", "lower-case letters and digits, for a bytes fixture", &extension);
          }
        } else {
          r.problem(ptr + "/kind", "bytes, mp4 or png", &spec["kind"]);
        }
        if (spec.contains("count") && !parse_fixture_count(spec["count"], f))
          r.problem(ptr + "/count", "a number of files from 1 to 1000, or \"{limits.queue_size}+1\"", &spec["count"]);
        s.fixtures.push_back(f);
      }
    }
  }
  if (!doc.contains("steps") || !doc["steps"].is_array() || doc["steps"].empty()) {
    r.problem("/steps", "a non-empty array of steps", doc.contains("steps") ? &doc["steps"] : nullptr);
  } else {
    for (std::size_t i = 0; i < doc["steps"].size(); ++i) {
      const auto& step = doc["steps"][i];
      std::string ptr = "/steps/" + std::to_string(i);
      if (step.is_object() && step.contains("concurrently")) {
        parse_concurrent_steps(r, step, ptr, source, problems, s.steps);
        continue;
      }
      if (auto st = parse_step(r, step, ptr, source, problems)) s.steps.push_back(std::move(*st));
    }
  }
  s.checks = r.strings(doc, "checks", "");
  for (std::size_t i = 0; i < s.checks.size(); ++i) {
    if (!find_check(s.checks[i])) {
      std::string known;
      for (const auto& c : all_checks()) known += (known.empty() ? "" : ", ") + c.id;
      nlohmann::json found = s.checks[i];
      r.problem("/checks/" + std::to_string(i), "a known check id (" + known + ")", &found);
    }
  }
  if (!problems.empty()) throw ScenarioError(problems);
  return s;
}

std::vector<Scenario> load_scenarios(const std::filesystem::path& dir) {
  std::vector<std::pair<std::string, std::string>> files;  // source, text
  if (dir.empty()) {
    for (const auto& f : embedded_files()) {
      if (f.name.starts_with("scenarios/") && f.name.ends_with(".scenario.json")) {
        files.emplace_back("embedded:" + std::string(f.name), std::string(f.content));
      }
    }
  } else {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) throw ScenarioError({dir.string() + ": not a folder of scenarios"});
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      std::string name = entry.path().filename().string();
      if (!name.ends_with(".scenario.json")) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      files.emplace_back(entry.path().string(), text.str());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Scenario> out;
  std::vector<std::string> problems;
  for (const auto& [source, text] : files) {
    try {
      out.push_back(parse_scenario(text, source));
    } catch (const ScenarioError& e) { problems.insert(problems.end(), e.problems.begin(), e.problems.end()); }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (std::size_t j = i + 1; j < out.size(); ++j) {
      if (out[i].id == out[j].id)
        problems.push_back(out[j].source + ": /id: expected an id not used before, found \"" + out[j].id +
                           "\" (also in " + out[i].source + ")");
    }
  }
  if (!problems.empty()) throw ScenarioError(problems);
  return out;
}

}  // namespace cldcert
