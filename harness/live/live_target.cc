#include "harness/live/live_target.h"

#include "harness/live/live_accounts.h"
#include "harness/terminal_text.h"

namespace cldcert::live {

std::string load_live_target(const std::string& source, const std::string& named, const std::string& upstream_url,
                             const std::string& ca_file, LiveTarget& out) {
  if (auto problem = live_source_problem(source); !problem.empty()) return named + " " + problem;
  try {
    out.accounts = load_live_accounts(source);
  } catch (const mock::AccountsError& e) { return "the live accounts file (" + named + ") is not valid:\n" + e.what(); }
  if (!ca_file.empty() && upstream_url.empty()) {
    return "--live-ca is test-only and goes with --live-upstream; Cloudinary's hosts are checked against the "
           "system's CAs";
  }
  if (!upstream_url.empty()) {
    if (auto problem = upstream_url_problem(upstream_url); !problem.empty())
      return "--live-upstream " + problem + ", got '" + terminal_text(upstream_url) + "'";
    out.config.api_base = out.config.delivery_base = upstream_url;
    out.config.ca_file = ca_file;
  }
  return "";
}

}  // namespace cldcert::live
