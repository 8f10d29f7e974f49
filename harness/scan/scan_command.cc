#include "harness/scan/scan_command.h"

#include <unistd.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>

#include "harness/exit_codes.h"
#include "harness/scan/sarif_writer.h"
#include "harness/scan/scanner.h"
#include "harness/scan/secrets_file.h"
#include "harness/terminal_text.h"
#include "mocks/bounded_json.h"
#include "mocks/cloudinary_url.h"
#include "mocks/json_problems.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

// Shorter known secrets would match unrelated text everywhere.
constexpr std::size_t kMinSecretLength = 6;

// The SECRET of cloudinary://KEY:SECRET@CLOUD[?…], percent-decoded; nullopt when it has no such part.
std::optional<std::string> cloudinary_url_secret(std::string_view url) {
  auto parsed = mock::parse_cloudinary_url(url);
  if (!parsed || parsed->api_secret.empty()) return std::nullopt;
  return parsed->api_secret;
}

// --allow FILE: [{"fingerprint": "…", "reason": "…"}, …]. A reason is required so that every
// hidden finding says why it is acceptable.
std::optional<std::vector<std::string>> load_allow_list(const std::string& path, std::string& error) {
  mock::FileText text = mock::read_file_text(path);
  if (!text.error.empty()) {
    error = "cannot read the allow list " + path;
    return std::nullopt;
  }
  mock::ParsedJson parsed = mock::parse_json_text(text.text, mock::DuplicateKeys::kRefuse);
  if (!parsed.error.empty()) {
    error = path + ": " + parsed.error;
    return std::nullopt;
  }
  const nlohmann::json& doc = parsed.doc;
  if (!doc.is_array()) {
    error = path + ": expected a JSON array of {\"fingerprint\": …, \"reason\": …}";
    return std::nullopt;
  }
  std::vector<std::string> fingerprints;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const auto& e = doc[i];
    bool ok = e.is_object() && e.contains("fingerprint") && e["fingerprint"].is_string() && e.contains("reason") &&
              e["reason"].is_string() && !e["reason"].get<std::string>().empty();
    if (!ok) {
      error = path + ": /" + std::to_string(i) + " needs a string \"fingerprint\" and a non-empty \"reason\"";
      return std::nullopt;
    }
    fingerprints.push_back(e["fingerprint"].get<std::string>());
  }
  return fingerprints;
}

bool write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace

void add_scan_command(CLI::App& app, ScanOptions& o) {
  auto* scan =
      app.add_subcommand("scan", "Look for leaked Cloudinary API secrets in folders, files, archives and git history");
  scan->footer(
      "Known secrets (--secret, --secrets-file, --cloudinary-url, $CLOUDINARY_URL) are found in every encoding:\n"
      "plain, URL-encoded, JSON-escaped, hex, base64, string escapes and HTML entities (mixed in one secret too).\n"
      "Unknown ones by shape: cloudinary:// URLs, a key and secret near \"cloudinary\",\n"
      "api_secret-style settings with a random-looking value. Exit codes: 0 nothing found, 1 findings, 2 bad input\n"
      "or part of the input not scanned (unreadable, a FIFO/socket/device, an archive past its size limit).\n"
      "See docs/scan.md.");
  scan->add_option("paths", o.paths, "Folders or files to scan (archives inside are opened; git history is read)")
      ->required();
  scan->add_option("--secret", o.secrets,
                   "A known secret to look for in every encoding (repeatable; visible in `ps`: prefer --secrets-file)");
  scan->add_option("--secrets-file", o.secrets_file,
                   "Known secrets to look for, one per line (or cloudinary:// URLs); - reads them from stdin");
  scan->add_option("--cloudinary-url", o.cloudinary_url, "cloudinary://KEY:SECRET@CLOUD whose secret to look for");
  scan->add_flag("--ignore-env", o.ignore_env, "Do not look for the secret of $CLOUDINARY_URL");
  scan->add_option("--json", o.json_file, "Also write the findings as a JSON list to FILE");
  scan->add_option("--sarif", o.sarif_file, "Also write the findings as SARIF 2.1.0 (GitHub code scanning) to FILE");
  scan->add_option("--allow", o.allow_file,
                   "JSON list of {\"fingerprint\", \"reason\"} whose findings are not reported");
  scan->add_flag("--no-history", o.no_history, "Do not read git history");
  scan->add_flag("--no-archives", o.no_archives, "Scan archives as plain bytes instead of opening them");
  scan->add_flag("--no-patterns", o.no_patterns, "Only look for the known secrets");
  scan->add_flag("--progress", o.progress,
                 "Report progress on stderr every few seconds (default: when stderr is a terminal)");
}

int run_scan(const ScanOptions& o) {
  scan::ScanRequest request;
  for (const auto& p : o.paths) request.paths.emplace_back(p);
  request.secrets = o.secrets;
  if (!o.secrets_file.empty()) {
    scan::SecretsFile file = scan::read_secrets_file(o.secrets_file, std::cin);
    if (!file.error.empty()) {
      std::cerr << "cldcert scan: " << terminal_text(file.error) << "\n";
      return kExitBadInput;
    }
    request.secrets.insert(request.secrets.end(), file.secrets.begin(), file.secrets.end());
  }
  if (!o.cloudinary_url.empty()) {
    auto secret = cloudinary_url_secret(o.cloudinary_url);
    if (!secret) {
      std::cerr << "cldcert scan: --cloudinary-url is not of the form cloudinary://KEY:SECRET@CLOUD\n";
      return kExitBadInput;
    }
    request.secrets.push_back(*secret);
  }
  if (const char* env = std::getenv("CLOUDINARY_URL"); env && *env && !o.ignore_env) {
    if (auto secret = cloudinary_url_secret(env))
      request.secrets.push_back(*secret);
    else
      std::cerr
          << "cldcert scan: warning: $CLOUDINARY_URL has no secret (not cloudinary://KEY:SECRET@CLOUD); ignored\n";
  }
  for (const auto& s : request.secrets) {
    if (s.size() < kMinSecretLength) {
      std::cerr << "cldcert scan: a known secret must have at least " << kMinSecretLength
                << " characters (shorter ones match unrelated text)\n";
      return kExitBadInput;
    }
  }
  if (!o.allow_file.empty()) {
    std::string error;
    auto allowed = load_allow_list(o.allow_file, error);
    if (!allowed) {
      std::cerr << "cldcert scan: " << error << "\n";
      return kExitBadInput;
    }
    request.allowed_fingerprints = *allowed;
  }
  request.history = !o.no_history;
  request.archives = !o.no_archives;
  request.patterns = !o.no_patterns;

  using Clock = std::chrono::steady_clock;
  const bool progress = o.progress || ::isatty(STDERR_FILENO);
  auto last = Clock::now();
  bool printed_progress = false;
  if (progress) {
    request.on_progress = [&](const scan::ScanProgress& p) {
      if (Clock::now() - last < std::chrono::seconds(2)) return;
      last = Clock::now();
      std::cerr << "scanned " << p.files << " files, " << text::mebibytes(p.bytes) << "\n";
      printed_progress = true;
    };
  }

  scan::ScanReport report = scan::scan(request);
  if (!report.missing.empty() || !report.unsupported.empty()) {
    for (const auto& m : report.missing)
      std::cerr << "cldcert scan: no such file or directory: " << terminal_text(m) << "\n";
    for (const auto& u : report.unsupported) {
      std::cerr << "cldcert scan: " << terminal_text(u.file) << " is " << u.reason
                << ", not a folder nor a regular file: not scanned\n";
    }
    return kExitBadInput;
  }
  for (const auto& w : report.warnings) std::cerr << "cldcert scan: warning: " << terminal_text(w) << "\n";
  for (const auto& u : report.unread)
    std::cerr << "cldcert scan: not scanned: " << terminal_text(scan::format_unread(u)) << "\n";
  for (const auto& f : report.findings) std::cout << terminal_text(scan::format_finding(f)) << "\n";

  const auto dump = [](const nlohmann::json& j) {
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  };
  nlohmann::json listed(report.findings);
  for (const auto& u : report.unread) listed.push_back(u);
  if (!o.json_file.empty() && !write_text(o.json_file, dump(listed))) {
    std::cerr << "cldcert scan: cannot write " << o.json_file << "\n";
    return kExitBadInput;
  }
  if (!o.sarif_file.empty() && !write_text(o.sarif_file, dump(scan::sarif_log(report.findings, report.unread)))) {
    std::cerr << "cldcert scan: cannot write " << o.sarif_file << "\n";
    return kExitBadInput;
  }
  std::cerr << "cldcert scan: " << report.findings.size() << (report.findings.size() == 1 ? " finding" : " findings")
            << " in " << report.scanned.files << " files (" << text::mebibytes(report.scanned.bytes) << ")"
            << (report.allowed ? ", " + std::to_string(report.allowed) + " allowed" : "") << "\n";
  (void)printed_progress;
  // An incomplete scan proves nothing clean, findings or not: 2 outranks 1.
  if (!report.unread.empty()) {
    std::cerr << "cldcert scan: incomplete: " << report.unread.size()
              << " part(s) of the input not scanned (listed above)\n";
    return kExitBadInput;
  }
  return report.findings.empty() ? kExitOk : kExitFailed;
}

}  // namespace cldcert
