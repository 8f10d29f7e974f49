// A place in the integration's files as checks cite it in evidence ("src/a.js:12:5", "README.md:3",
// "LICENSE"), read back into path, line and column for SARIF and CI annotations.
#pragma once

#include <string>

namespace cldcert {

struct FileRef {
  std::string path;
  long line = 0, column = 0;  // 0: not given
};

// A trailing number is a line, two are line and column; anything else is all path.
FileRef parse_file_ref(const std::string& ref);

}  // namespace cldcert
