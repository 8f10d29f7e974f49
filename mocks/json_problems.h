// Problem lists for hand-written JSON files (accounts file, integration manifest):
// every problem at once, "<file>: <json pointer>: expected <...>, found <...>".
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "mocks/bounded_json.h"

namespace cldcert::mock {

// "null", "an empty object", "an array", "a string", "true", "a number", ...
std::string json_type_phrase(const nlohmann::json& value);

// The value itself where it helps the reader fix the file (numbers, quoted
// strings cut at 60 bytes); the type phrase for everything else.
std::string json_shown(const nlohmann::json& value);

// For secrets and keys: "a string of N characters (not shown)", never the value.
std::string json_redacted(const nlohmann::json& value);

enum class Echo { kShow, kRedact };

// Collects problems of one document; `source` (usually the file name) prefixes each.
class JsonProblems {
 public:
  explicit JsonProblems(std::string_view source) : source_(source) {}

  // An empty pointer is written "(root)".
  void problem(const std::string& pointer, std::string_view expected, const std::string& found);

  // The member `key` of `object`, checked to be a string satisfying `valid`.
  // A missing optional member is not a problem; a null one is.
  std::optional<std::string> string_field(const nlohmann::json& object, const std::string& at, std::string_view key,
                                          bool required, Echo echo, std::string_view expected,
                                          bool (*valid)(std::string_view));

  // Records the first pointer of each value; reports later repeats.
  void unique(std::map<std::string, std::string>& seen, const std::string& value, const std::string& pointer,
              std::string_view expected, Echo echo);

  const std::vector<std::string>& problems() const { return problems_; }
  bool empty() const { return problems_.empty(); }

 private:
  std::string source_;
  std::vector<std::string> problems_;
};

// The whole file as bytes, or why it cannot be read: "no such file", "it is
// a directory", the system's reason.
struct FileText {
  std::string text;
  std::string error;  // empty when reading succeeded
  bool not_found = false;
};
FileText read_file_text(const std::filesystem::path& path);

// A JSON file read and parsed by parse_json_text (nesting bounded), or why not, naming the file:
// "<path>: no such file", "<path>: invalid JSON at line L, column C: …", "<path>: JSON nested deeper
// than 256 levels", "<path>: /a/b: duplicate key \"b\"". `doc` is discarded when `error` is set.
ParsedJson read_json_file(const std::filesystem::path& path, DuplicateKeys duplicates = DuplicateKeys::kLastWins);

}  // namespace cldcert::mock
