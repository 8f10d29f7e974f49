#include "harness/serve_command.h"

#include <CLI/CLI.hpp>
#include <pthread.h>
#include <signal.h>

#include <fstream>
#include <iostream>
#include <thread>

#include "harness/cleanup_guardian.h"
#include "harness/exit_codes.h"
#include "mocks/cloudinary_url.h"
#include "mocks/http_server.h"
#include "mocks/mock_cloudinary.h"

namespace cldcert {

void add_serve_command(CLI::App& app, ServeOptions& options) {
  auto* serve = app.add_subcommand(
      "serve", "Run the mock Cloudinary alone (Upload, Admin, Provisioning APIs, delivery, journal, faults)");
  serve->add_option("--port", options.port, "Port to listen on; 0 picks a free one")->capture_default_str();
  serve->add_option("--host", options.host, "Address to listen on")->capture_default_str();
  serve
      ->add_option("--accounts", options.accounts_file,
                   "Accounts file (JSON, schema mocks/accounts.schema.json); default: generated from --seed")
      ->check(CLI::ExistingFile);
  serve->add_option("--seed", options.seed, "Seed for generated accounts and ids")->capture_default_str();
  serve->add_option("--write-accounts", options.write_accounts_file,
                    "Write the accounts in use (with their fake credentials) to this file");
  serve->add_option("--journal", options.journal_file, "Write every request to this file as JSON lines");
  serve->add_option("--data-dir", options.data_dir, "Keep uploaded bytes here (default: a temporary folder)");
  serve
      ->add_option("--tls-cert", options.tls_cert,
                   "Test-only: serve HTTPS with this certificate chain (PEM), as the upstream of a `cldcert run "
                   "--live --live-upstream` test; needs --tls-key")
      ->check(CLI::ExistingFile);
  serve->add_option("--tls-key", options.tls_key, "Test-only: the private key (PEM) of --tls-cert")
      ->check(CLI::ExistingFile);
}

int run_serve(const ServeOptions& options) {
  mock::MockOptions mock_options;
  try {
    mock_options.accounts = options.accounts_file.empty() ? mock::generate_accounts(options.seed)
                                                          : mock::load_accounts_file(options.accounts_file);
  } catch (const mock::AccountsError& e) {
    std::cerr << "cldcert serve: invalid accounts file:\n" << e.what() << "\n";
    return kExitBadInput;
  }
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    std::cerr << "cldcert serve: --tls-cert and --tls-key go together\n";
    return kExitBadInput;
  }
  mock_options.seed = options.seed;
  mock_options.data_dir = options.data_dir;
  if (!options.write_accounts_file.empty()) {
    std::ofstream out(options.write_accounts_file);
    out << mock::accounts_to_json(mock_options.accounts).dump(2) << "\n";
    if (!out) {
      std::cerr << "cldcert serve: cannot write " << options.write_accounts_file << "\n";
      return kExitBadInput;
    }
  }

  // The mock's temporary data folder goes with cldcert even when it is killed or crashes.
  if (options.data_dir.empty()) start_cleanup_guardian();

  // Signals go to one waiting thread, so the server stops cleanly and the journal is flushed.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  try {
    mock::MockCloudinary mock(std::move(mock_options));
    if (!options.journal_file.empty()) mock.journal().mirror_to(options.journal_file);
    std::optional<mock::TlsFiles> tls;
    if (!options.tls_cert.empty()) tls = mock::TlsFiles{options.tls_cert, options.tls_key};
    mock::HttpServer server(mock, tls);
    int port = server.bind(options.host, options.port);

    std::thread signal_waiter([&] {
      int received = 0;
      sigwait(&signals, &received);
      if (received != 0) server.stop();
    });
    std::thread announcer([&] {
      server.wait_until_running();
      std::string base = std::string(tls ? "https" : "http") + "://" + options.host + ":" + std::to_string(port);
      std::cout << "listening on " << base << std::endl;
      for (const auto& account : mock.accounts().accounts) {
        for (const auto& cloud : account.clouds) {
          std::cout << "cloud " << cloud.cloud_name << " (account " << account.id << ", " << mock::role_name(cloud.role)
                    << "): CLOUDINARY_URL=" << mock::cloudinary_url(cloud, base) << std::endl;
        }
      }
    });
    bool ok = server.run();
    announcer.join();
    // Wake the signal thread if the server stopped for another reason.
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
    mock.journal().flush();
    std::cerr << "cldcert serve: stopped; " << mock.journal().size() << " requests journaled\n";
    return ok ? kExitOk : kExitInternal;
  } catch (const std::exception& e) {
    std::cerr << "cldcert serve: " << e.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace cldcert
