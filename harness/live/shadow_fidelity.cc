#include "harness/live/shadow_fidelity.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "mocks/bounded_json.h"

namespace cldcert::live {
namespace {

// JSON types as an integration's parser sees them; integers apart from other numbers (a typed SDK maps
// them differently).
std::string json_type(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: return "object";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::boolean: return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "integer";
    case nlohmann::json::value_t::number_float: return "number";
    case nlohmann::json::value_t::null: return "null";
    default: return "other";
  }
}

// Every field path of a document and the types seen there; an array's elements all sit at "<path>[]".
using Shape = std::map<std::string, std::set<std::string>>;

void add_shape(const nlohmann::json& value, const std::string& path, Shape& shape) {
  shape[path].insert(json_type(value));
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) add_shape(child, path.empty() ? key : path + "." + key, shape);
  } else if (value.is_array()) {
    for (const auto& child : value) add_shape(child, path + "[]", shape);
  }
}

// "resources[].tags" → "resources[]"; "a.b" → "a"; "resources[]" → "resources"; top-level → "".
std::string parent_of(const std::string& path) {
  if (path.ends_with("[]")) return path.substr(0, path.size() - 2);
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? "" : path.substr(0, dot);
}

std::string joined(const std::set<std::string>& types) {
  std::string out;
  for (const auto& t : types) out += (out.empty() ? "" : "|") + t;
  return out;
}

// The media type without parameters: "application/json; charset=utf-8" → "application/json".
std::string media_type(const std::string& content_type) {
  std::string out = content_type.substr(0, content_type.find(';'));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// The answer's JSON document, or null when it is not JSON (an image, a page, a file-backed body).
nlohmann::json json_body(const mock::HttpResponse& answer) {
  if (!answer.body_file.empty() || answer.body.empty()) return nullptr;
  const char first = answer.body.front();
  if (first != '{' && first != '[') return nullptr;
  mock::ParsedJson parsed = mock::parse_json_text(answer.body);
  return parsed.error.empty() ? parsed.doc : nullptr;
}

}  // namespace

std::vector<AnswerDifference> answer_differences(const mock::HttpResponse& mock, const mock::HttpResponse& live) {
  std::vector<AnswerDifference> out;
  if (mock.status != live.status) {
    out.push_back({"status", "", std::to_string(mock.status), std::to_string(live.status)});
    return out;
  }
  const nlohmann::json mine = json_body(mock), theirs = json_body(live);
  if (mine.is_null() != theirs.is_null()) {
    out.push_back({"body", "", mine.is_null() ? "not JSON" : "JSON", theirs.is_null() ? "not JSON" : "JSON"});
    return out;
  }
  if (mine.is_null()) {
    if (media_type(mock.content_type) != media_type(live.content_type)) {
      out.push_back({"content_type", "", media_type(mock.content_type), media_type(live.content_type)});
    }
    return out;
  }
  Shape mock_shape, live_shape;
  add_shape(mine, "", mock_shape);
  add_shape(theirs, "", live_shape);
  // A field is missing on one side only where its parent is there on both: a missing object is named
  // once, not with every field under it, and an empty list says nothing of its elements.
  auto both_have_parent = [&](const std::string& path) {
    if (path.ends_with("[]")) return false;  // elements on one side only: the other's list was empty
    const std::string parent = parent_of(path);
    return mock_shape.contains(parent) && live_shape.contains(parent);
  };
  for (const auto& [path, types] : live_shape) {
    if (out.size() >= kMaxDifferencesPerAnswer) break;
    auto mine_at = mock_shape.find(path);
    if (mine_at == mock_shape.end()) {
      if (both_have_parent(path)) out.push_back({"missing_in_mock", path, "", joined(types)});
    } else if (mine_at->second != types) {
      out.push_back({"type", path, joined(mine_at->second), joined(types)});
    }
  }
  for (const auto& [path, types] : mock_shape) {
    if (out.size() >= kMaxDifferencesPerAnswer) break;
    if (!live_shape.contains(path) && both_have_parent(path)) {
      out.push_back({"missing_in_live", path, joined(types), ""});
    }
  }
  return out;
}

void FidelityLog::record(const std::string& scenario, const mock::ShadowedAnswer& answer) {
  std::vector<AnswerDifference> found = answer_differences(answer.shadow, answer.upstream);
  std::lock_guard lock(mutex_);
  ++compared_;
  if (found.empty()) return;
  ++differing_;
  if (differences_.size() >= kMaxRecordedAnswers) return;
  nlohmann::json listed = nlohmann::json::array();
  for (const auto& d : found)
    listed.push_back({{"kind", d.kind}, {"field", d.field}, {"mock", d.mock}, {"live", d.live}});
  differences_.push_back({{"scenario", scenario},
                          {"journal_id", answer.journal_id},
                          {"method", answer.method},
                          {"api", answer.api},
                          {"action", answer.action},
                          {"differences", std::move(listed)}});
}

nlohmann::json FidelityLog::document() const {
  std::lock_guard lock(mutex_);
  return fidelity_document(compared_, differing_, differences_);
}

nlohmann::json fidelity_document(std::uint64_t compared, std::uint64_t differing, const nlohmann::json& differences) {
  return {{"schema", "cldcert/fidelity/v1"},
          {"compared", compared},
          {"differing", differing},
          {"recorded", differences.size()},
          {"summary", group_differences(differences)},
          {"differences", differences}};
}

nlohmann::json FidelityLog::summary() const { return fidelity_summary(document()); }

nlohmann::json fidelity_summary(const nlohmann::json& document, std::size_t limit) {
  // A file from a bundle: any shape may come; what is not what the run writes counts as nothing.
  auto field = [&](const char* key) {
    return document.is_object() && document.contains(key) ? document[key] : nlohmann::json();
  };
  auto count = [&](const char* key) {
    const nlohmann::json value = field(key);
    return value.is_number_unsigned() ? value.get<std::size_t>() : std::size_t{0};
  };
  nlohmann::json groups = group_differences(field("differences"));
  const std::size_t distinct = groups.size();
  if (groups.size() > limit) groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(limit), groups.end());
  return {{"compared", count("compared")}, {"differing", count("differing")}, {"distinct", distinct}, {"top", groups}};
}

nlohmann::json group_differences(const nlohmann::json& records) {
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string, std::string>;
  struct Group {
    std::size_t answers = 0;
    std::set<std::string> bundles;
    nlohmann::json first;
    std::size_t order = 0;  // first seen: keeps ties in the order the run met them
  };
  std::map<Key, Group> groups;
  auto text = [](const nlohmann::json& o, const char* key) {
    return o.is_object() && o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
  };
  if (!records.is_array()) return nlohmann::json::array();
  for (const auto& record : records) {
    if (!record.is_object() || !record.contains("differences") || !record["differences"].is_array()) continue;
    for (const auto& d : record["differences"]) {
      Key key{text(record, "method"), text(record, "api"), text(record, "action"), text(d, "kind"),
              text(d, "field"),       text(d, "mock"),     text(d, "live")};
      auto [at, inserted] = groups.try_emplace(key);
      Group& g = at->second;
      if (inserted) {
        g.order = groups.size();
        g.first = {{"scenario", text(record, "scenario")},
                   {"journal_id", record.contains("journal_id") && record["journal_id"].is_number_unsigned()
                                      ? record["journal_id"]
                                      : nlohmann::json(0)}};
        if (record.contains("bundle")) g.first["bundle"] = text(record, "bundle");
      }
      ++g.answers;
      if (record.contains("bundle")) g.bundles.insert(text(record, "bundle"));
    }
  }
  std::vector<std::pair<const Key*, const Group*>> sorted;
  for (const auto& [key, group] : groups) sorted.emplace_back(&key, &group);
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    if (a.second->bundles.size() != b.second->bundles.size())
      return a.second->bundles.size() > b.second->bundles.size();
    if (a.second->answers != b.second->answers) return a.second->answers > b.second->answers;
    return a.second->order < b.second->order;
  });
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [key, group] : sorted) {
    const auto& [method, api, action, kind, field, mock, live] = *key;
    nlohmann::json g = {{"method", method},     {"api", api},   {"action", action}, {"kind", kind},
                        {"field", field},       {"mock", mock}, {"live", live},     {"answers", group->answers},
                        {"first", group->first}};
    if (!group->bundles.empty()) g["bundles"] = group->bundles.size();
    g["text"] = describe_difference(g);
    out.push_back(std::move(g));
  }
  return out;
}

std::string describe_difference(const nlohmann::json& group) {
  auto text = [&](const char* key) { return group.value(key, std::string()); };
  std::string request = text("method") + " " + text("api") + " " + text("action");
  const std::string kind = text("kind"), field = text("field"), mock = text("mock"), live = text("live");
  std::string what;
  if (kind == "status")
    what = "status " + mock + " from the mock, " + live + " live";
  else if (kind == "body")
    what = "a body that is " + mock + " from the mock, " + live + " live";
  else if (kind == "content_type")
    what = "content type " + mock + " from the mock, " + live + " live";
  else if (kind == "missing_in_mock")
    what = field + " is missing in the mock (live: " + live + ")";
  else if (kind == "missing_in_live")
    what = field + " is only in the mock (" + mock + "), not live";
  else if (kind == "type")
    what = field + " is " + mock + " in the mock, " + live + " live";
  else
    what = kind + " " + field;
  return request + ": " + what;
}

}  // namespace cldcert::live
