// Data files compiled into the binary (checklist, check catalog, default scenarios), so
// build/cldcert works from any folder; generated from the JSON by cmake/embed.cmake.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace cldcert {

struct EmbeddedFile {
  std::string_view name;  // path relative to the repository root, e.g. "scenarios/checklist.json"
  std::string_view content;
};

const std::vector<EmbeddedFile>& embedded_files();

inline std::optional<std::string_view> embedded_file(std::string_view name) {
  for (const auto& f : embedded_files()) {
    if (f.name == name) return f.content;
  }
  return std::nullopt;
}

}  // namespace cldcert
