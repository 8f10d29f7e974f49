// A place in the integration's files as checks cite it in evidence ("src/a.js:12:5", "README.md:3",
// "LICENSE"), read back into path, line and column, and into a place in its repository, for SARIF and
// CI annotations.
#pragma once

#include <optional>
#include <string>

namespace cldcert {

struct FileRef {
  std::string path;
  long line = 0, column = 0;  // 0: not given
};

// A trailing number is a line, two are line and column; anything else is all path.
FileRef parse_file_ref(const std::string& ref);

// Where a ref is in the integration's repository, for readers that open the file there (SARIF, GitHub
// annotations): an archive member ("dist/a.tgz!/config.json:3", the scanner's spelling) is its archive,
// without line or column (they are the member's), the member kept in `member`; a file outside the
// repository ({workdir}/…, {host_root}/…, an absolute path, ../…) is nullopt: the reader names it in
// its message instead of pointing at a path that does not exist there.
struct RepositoryRef {
  std::string path;
  long line = 0, column = 0;
  std::string member;  // "config.json:3" inside the archive `path`; "" for a file of its own
};
std::optional<RepositoryRef> repository_ref(const std::string& ref);

}  // namespace cldcert
