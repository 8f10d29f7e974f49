#include "harness/scenario.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness/checks/registry.h"
#include "harness/embedded_data.h"
#include "mocks/digest.h"

namespace cldcert {
namespace {

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

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
      if (!v[i].is_string()) problem(pointer + "/" + key + "/" + std::to_string(i), "a string", &v[i]);
      else out.push_back(v[i].get<std::string>());
    }
    return out;
  }

 private:
  const std::string& source_;
  std::vector<std::string>& problems_;
};

}  // namespace

ScenarioError::ScenarioError(std::vector<std::string> p) : std::runtime_error(join(p)), problems(std::move(p)) {}

std::optional<std::uint64_t> parse_size(std::string_view text) {
  std::size_t i = 0;
  std::uint64_t number = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') number = number * 10 + static_cast<std::uint64_t>(text[i++] - '0');
  if (i == 0) return std::nullopt;
  std::string_view unit = text.substr(i);
  static const std::pair<std::string_view, std::uint64_t> kUnits[] = {
      {"", 1}, {"B", 1}, {"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000ull * 1000 * 1000},
      {"KiB", 1024}, {"MiB", 1024 * 1024}, {"GiB", 1024ull * 1024 * 1024}};
  for (const auto& [name, factor] : kUnits) {
    if (unit == name) return number * factor;
  }
  return std::nullopt;
}

Scenario parse_scenario(const std::string& text, const std::string& source) {
  std::vector<std::string> problems;
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) throw ScenarioError({source + ": not a JSON object"});
  Reader r(source, problems);
  Scenario s;
  s.source = source;
  s.digest = mock::sha256_hex(text);
  s.id = r.text(doc, "id", "", true, "a scenario id of [a-z0-9.-]");
  s.title = r.text(doc, "title", "", true);
  s.checklist = r.strings(doc, "checklist", "");
  if (s.checklist.empty()) r.problem("/checklist", "a non-empty array of checklist item ids (B1…R19)", doc.contains("checklist") ? &doc["checklist"] : nullptr);
  s.level = doc.value("level", "required");
  if (s.level != "required" && s.level != "recommended") r.problem("/level", "required or recommended", &doc["level"]);
  for (auto& c : r.strings(doc, "requires", "")) s.requires_capabilities.insert(c);
  if (doc.contains("fixtures")) {
    if (!doc["fixtures"].is_object()) {
      r.problem("/fixtures", "an object of fixture name to spec", &doc["fixtures"]);
    } else {
      for (const auto& [name, spec] : doc["fixtures"].items()) {
        std::string ptr = "/fixtures/" + name;
        FixtureSpec f;
        f.name = name;
        f.kind = spec.value("kind", "bytes");
        f.seed = spec.value("seed", 1ull);
        if (f.kind == "png") {
          f.width = spec.value("width", 0);
          f.height = spec.value("height", 0);
          if (f.width <= 0 || f.height <= 0) r.problem(ptr, "width and height > 0 for a png fixture", &spec);
        } else if (f.kind == "bytes") {
          auto size = spec.contains("size") && spec["size"].is_string() ? parse_size(spec["size"].get<std::string>())
                                                                          : std::nullopt;
          if (!size) r.problem(ptr + "/size", "a size such as \"1100MiB\" or \"20MB\"", spec.contains("size") ? &spec["size"] : nullptr);
          else f.size = *size;
        } else {
          r.problem(ptr + "/kind", "bytes or png", &spec["kind"]);
        }
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
      ScenarioStep st;
      st.action = r.text(step, "action", ptr, true);
      st.cloud = step.value("cloud", "");
      if (step.contains("args")) {
        if (!step["args"].is_object()) r.problem(ptr + "/args", "an object of strings", &step["args"]);
        else for (const auto& [k, v] : step["args"].items()) {
          if (!v.is_string()) r.problem(ptr + "/args/" + k, "a string", &v);
          else st.args[k] = v.get<std::string>();
        }
      }
      s.steps.push_back(st);
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
    } catch (const ScenarioError& e) {
      problems.insert(problems.end(), e.problems.begin(), e.problems.end());
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (std::size_t j = i + 1; j < out.size(); ++j) {
      if (out[i].id == out[j].id) problems.push_back(out[j].source + ": /id: expected an id not used before, found \"" + out[j].id + "\" (also in " + out[i].source + ")");
    }
  }
  if (!problems.empty()) throw ScenarioError(problems);
  return out;
}

}  // namespace cldcert
