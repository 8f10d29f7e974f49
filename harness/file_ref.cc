#include "harness/file_ref.h"

namespace cldcert {

FileRef parse_file_ref(const std::string& ref) {
  FileRef out{ref};
  auto trailing_number = [&](long& into) {
    auto colon = out.path.rfind(':');
    if (colon == std::string::npos || colon + 1 == out.path.size()) return false;
    std::string tail = out.path.substr(colon + 1);
    if (tail.find_first_not_of("0123456789") != std::string::npos || tail.size() > 9) return false;
    into = std::stol(tail);
    out.path.resize(colon);
    return true;
  };
  long last = 0, before = 0;
  if (trailing_number(last)) {
    if (trailing_number(before)) {
      out.line = before;
      out.column = last;
    } else {
      out.line = last;
    }
  }
  return out;
}

std::optional<RepositoryRef> repository_ref(const std::string& ref) {
  if (ref.empty() || ref.starts_with('{') || ref.starts_with('/') || ref == ".." || ref.starts_with("../")) {
    return std::nullopt;
  }
  if (const auto bang = ref.find("!/"); bang != std::string::npos)
    return RepositoryRef{ref.substr(0, bang), 0, 0, ref.substr(bang + 2)};
  const FileRef file = parse_file_ref(ref);
  return RepositoryRef{file.path, file.line, file.column, ""};
}

}  // namespace cldcert
