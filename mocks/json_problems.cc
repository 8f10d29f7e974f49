#include "mocks/json_problems.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

namespace cldcert::mock {

using nlohmann::json;

std::string json_type_phrase(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return value.empty() ? "an empty object" : "an object";
    case json::value_t::array: return value.empty() ? "an empty array" : "an array";
    case json::value_t::string: return value.get_ref<const std::string&>().empty() ? "an empty string" : "a string";
    case json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    default: return "a number";
  }
}

// Long strings are cut so one bad field cannot flood the message.
std::string json_shown(const json& value) {
  if (value.is_number()) return value.dump();
  if (!value.is_string() || value.get_ref<const std::string&>().empty()) return json_type_phrase(value);
  std::string text = value.get<std::string>();
  constexpr std::size_t kMax = 60;
  bool cut = text.size() > kMax;
  if (cut) {
    std::size_t end = kMax;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text.resize(end);
  }
  // Replacing invalid UTF-8 instead of throwing: a document built in C++ may hold any bytes.
  std::string out = json(text).dump(-1, ' ', false, json::error_handler_t::replace);
  if (cut) out.insert(out.size() - 1, "...");
  return out;
}

// Secrets, and api keys (a secret pasted into the key field is a classic
// swap), are described but never echoed: these messages reach logs.
std::string json_redacted(const json& value) {
  if (value.is_string() && !value.get_ref<const std::string&>().empty()) {
    return "a string of " + std::to_string(value.get_ref<const std::string&>().size()) + " characters (not shown)";
  }
  return json_type_phrase(value);
}

void JsonProblems::problem(const std::string& pointer, std::string_view expected, const std::string& found) {
  problems_.push_back(source_ + ": " + (pointer.empty() ? std::string("(root)") : pointer) + ": expected " +
                      std::string(expected) + ", found " + found);
}

std::optional<std::string> JsonProblems::string_field(const json& object, const std::string& at, std::string_view key,
                                                      bool required, Echo echo, std::string_view expected,
                                                      bool (*valid)(std::string_view)) {
  const std::string pointer = at + "/" + std::string(key);
  auto it = object.find(key);
  if (it == object.end()) {
    if (required) problem(pointer, expected, "nothing");
    return std::nullopt;
  }
  if (!it->is_string() || !valid(it->get_ref<const std::string&>())) {
    problem(pointer, expected, echo == Echo::kShow ? json_shown(*it) : json_redacted(*it));
    return std::nullopt;
  }
  return it->get<std::string>();
}

void JsonProblems::unique(std::map<std::string, std::string>& seen, const std::string& value,
                          const std::string& pointer, std::string_view expected, Echo echo) {
  auto [it, inserted] = seen.emplace(value, pointer);
  if (inserted) return;
  problem(
      pointer, expected,
      (echo == Echo::kShow ? json_shown(json(value)) : json_redacted(json(value))) + " (also at " + it->second + ")");
}

FileText read_file_text(const std::filesystem::path& path) {
  FileText out;
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) {
    out.error = "no such file";
    out.not_found = true;
    return out;
  }
  if (ec) {
    out.error = ec.message();
    return out;
  }
  if (std::filesystem::is_directory(status)) {
    out.error = "it is a directory";
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.error = std::strerror(errno);
    return out;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    out.error = "read error";
    return out;
  }
  out.text = buffer.str();
  return out;
}

ParsedJson read_json_file(const std::filesystem::path& path, DuplicateKeys duplicates) {
  FileText text = read_file_text(path);
  if (!text.error.empty()) return ParsedJson{nullptr, path.string() + ": " + text.error};
  ParsedJson parsed = parse_json_text(text.text, duplicates);
  if (!parsed.error.empty()) parsed.error = path.string() + ": " + parsed.error;
  return parsed;
}

}  // namespace cldcert::mock
