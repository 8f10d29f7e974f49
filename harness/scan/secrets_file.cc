#include "harness/scan/secrets_file.h"

#include <iterator>
#include <string_view>

#include "mocks/cloudinary_url.h"
#include "mocks/json_problems.h"

namespace cldcert::scan {

SecretsFile read_secrets_file(const std::string& path, std::istream& standard_input) {
  SecretsFile out;
  const std::string name = path == "-" ? "standard input" : path;
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(standard_input), std::istreambuf_iterator<char>());
    if (standard_input.bad()) {
      out.error = "cannot read the secrets from standard input";
      return out;
    }
  } else {
    mock::FileText file = mock::read_file_text(path);
    if (!file.error.empty()) {
      out.error = "cannot read the secrets file " + path + ": " + file.error;
      return out;
    }
    text = std::move(file.text);
  }
  std::size_t line_number = 0;
  for (std::size_t begin = 0; begin < text.size();) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + begin, end - begin);
    begin = end + 1;
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.starts_with("cloudinary://")) {
      auto parsed = mock::parse_cloudinary_url(line);
      if (!parsed || parsed->api_secret.empty()) {
        // The line itself is not repeated: it holds a secret.
        out.error = name + ", line " + std::to_string(line_number) +
                    ": a cloudinary:// line must be of the form cloudinary://KEY:SECRET@CLOUD";
        out.secrets.clear();
        return out;
      }
      out.secrets.push_back(parsed->api_secret);
    } else {
      out.secrets.emplace_back(line);
    }
  }
  if (out.secrets.empty()) out.error = name + " holds no secret (one secret per line)";
  return out;
}

}  // namespace cldcert::scan
