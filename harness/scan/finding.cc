#include "harness/scan/finding.h"

#include "mocks/digest.h"

namespace cldcert::scan {

std::string secret_fingerprint(std::string_view secret) { return mock::sha256_hex(secret).substr(0, 16); }

std::string format_finding(const Finding& f) {
  std::string out =
      f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.rule + " " + f.excerpt;
  if (!f.commit.empty()) out += " (commit " + f.commit.substr(0, 12) + ")";
  return out;
}

void to_json(nlohmann::json& out, const Finding& f) {
  out = {{"file", f.file}, {"line", f.line},       {"column", f.column},
         {"rule", f.rule}, {"excerpt", f.excerpt}, {"fingerprint", f.fingerprint}};
  if (!f.commit.empty()) out["commit"] = f.commit;
}

}  // namespace cldcert::scan
