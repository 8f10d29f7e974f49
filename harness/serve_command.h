// `cldcert serve`: the mock Cloudinary alone on a port, for manual work and other tools.
#pragma once

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace cldcert {

struct ServeOptions {
  int port = 0;
  std::string host = "127.0.0.1";
  std::string accounts_file;
  std::string write_accounts_file;
  std::string journal_file;
  std::string data_dir;
  std::uint64_t seed = 1;
  std::string tls_cert;  // test-only: serve HTTPS with this certificate chain (PEM) …
  std::string tls_key;   // … and its key: the "real Cloudinary" of live-mode tests
};

// Adds the subcommand; `run` is set to the function to call when it was chosen.
void add_serve_command(CLI::App& app, ServeOptions& options);
int run_serve(const ServeOptions& options);

}  // namespace cldcert
