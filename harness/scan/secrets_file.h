// Known secrets read from a file or stdin (`cldcert scan --secrets-file`), so they stay out of the
// command line that other local users see in `ps`.
#pragma once

#include <istream>
#include <string>
#include <vector>

namespace cldcert::scan {

struct SecretsFile {
  std::vector<std::string> secrets;
  std::string error;  // empty when the file was read and holds at least one secret
};

// One secret per line (a trailing '\r' dropped, blank lines skipped, nothing else trimmed: a secret
// may hold spaces); a line that is a cloudinary://KEY:SECRET@CLOUD URL stands for its secret. `path`
// "-" reads `standard_input`. An unreadable or missing file, a malformed URL line, and a file with
// no secret at all are errors naming the file.
SecretsFile read_secrets_file(const std::string& path, std::istream& standard_input);

}  // namespace cldcert::scan
