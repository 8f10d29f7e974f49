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
    case json::value_t::string:
      return value.get_ref<const std::string&>().empty() ? "an empty string" : "a string";
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
    return "a string of " + std::to_string(value.get_ref<const std::string&>().size()) +
           " characters (not shown)";
  }
  return json_type_phrase(value);
}

void JsonProblems::problem(const std::string& pointer, std::string_view expected, const std::string& found) {
  problems_.push_back(source_ + ": " + (pointer.empty() ? std::string("(root)") : pointer) +
                      ": expected " + std::string(expected) + ", found " + found);
}

std::optional<std::string> JsonProblems::string_field(const json& object, const std::string& at,
                                                      std::string_view key, bool required, Echo echo,
                                                      std::string_view expected,
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
  problem(pointer, expected,
          (echo == Echo::kShow ? json_shown(json(value)) : json_redacted(json(value))) + " (also at " +
              it->second + ")");
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

// nlohmann's byte is the 1-based offset of the last character read, i.e. the
// offending one (or one past the end at end of input).
std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t byte) {
  std::size_t offset = std::min(byte > 0 ? byte - 1 : 0, text.size());
  std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
  std::size_t line_start = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  return {line, offset - line_start + 1};
}

namespace {

// The reason without nlohmann's "[json.exception...] parse error at ..."
// prefix, and without its "last read" excerpt, which may quote a secret.
std::string parse_reason(const std::string& what) {
  std::string reason = what;
  if (auto column = reason.find("column "); column != std::string::npos) {
    if (auto colon = reason.find(": ", column); colon != std::string::npos) reason = reason.substr(colon + 2);
  }
  if (auto last_read = reason.find("; last read:"); last_read != std::string::npos) {
    reason.resize(last_read);
  }
  return reason;
}

}  // namespace

ParsedJson parse_json_text(const std::string& text) {
  ParsedJson out;
  try {
    out.doc = json::parse(text);
  } catch (const json::parse_error& e) {
    auto [line, column] = line_and_column(text, e.byte);
    out.error = "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
                ": " + parse_reason(e.what());
  } catch (const json::exception& e) {
    out.error = "invalid JSON: " + parse_reason(e.what());
  }
  return out;
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

ParsedJson read_json_file(const std::filesystem::path& path) {
  FileText text = read_file_text(path);
  if (!text.error.empty()) return ParsedJson{nullptr, path.string() + ": " + text.error};
  ParsedJson parsed = parse_json_text(text.text);
  if (!parsed.error.empty()) parsed.error = path.string() + ": " + parsed.error;
  return parsed;
}

}  // namespace cldcert::mock
