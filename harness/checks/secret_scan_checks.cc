#include "harness/checks/secret_scan_checks.h"

namespace cldcert {
namespace {

using nlohmann::json;

std::string text_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string number_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? std::to_string(it->get<std::int64_t>()) : "?";
}

struct Tally {
  std::vector<std::string> scanned, missing, unread;
  std::size_t leaks = 0;
};

void add_leak(CheckResult& r, Tally& tally, Evidence evidence) {
  if (tally.leaks++ == 0) r.seen = evidence.ref + " " + evidence.detail;
  r.evidence.push_back(std::move(evidence));
}

// Every cldcert.scan_secrets step for `where`: what it scanned, and one evidence per finding.
void read_scans(const CheckInput& input, const std::string& where, CheckResult& r, Tally& tally) {
  for (const auto& step : input.steps) {
    if (step.action != "cldcert.scan_secrets" || step_arg(step, "where") != where || !step.last_json.is_object()) continue;
    for (const char* list : {"scanned", "missing", "unread"}) {
      auto& into = std::string(list) == "scanned" ? tally.scanned : std::string(list) == "missing" ? tally.missing : tally.unread;
      for (const auto& p : step.last_json.value(list, json::array())) into.push_back(p.is_string() ? p.get<std::string>() : p.dump());
    }
    for (const auto& f : step.last_json.value("findings", json::array())) {
      if (!f.is_object()) continue;
      std::string commit = text_at(f, "commit");
      std::string detail = text_at(f, "rule") + ": " + text_at(f, "excerpt");
      if (!commit.empty()) detail += " (commit " + commit.substr(0, 12) + ")";
      add_leak(r, tally, Evidence{"file", text_at(f, "file") + ":" + number_at(f, "line") + ":" + number_at(f, "column"),
                                  detail});
    }
  }
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

CheckResult conclude_scan(CheckResult r, const Tally& tally, const std::string& what, const std::string& hint) {
  const std::string not_read = tally.unread.empty() ? "" : "; could not be read, so not scanned: " + joined(tally.unread);
  if (tally.leaks == 0 && !tally.unread.empty()) {
    // A scan that missed part of its input cannot say there is no secret in it.
    r.verdict = Verdict::kError;
    r.message = "the scan of " + what + " is incomplete" + not_read;
    r.hint = "Make every declared path a readable folder or regular file (no FIFO, socket or device; archives under "
             "the scanner's size limit), then run again.";
    return r;
  }
  if (tally.leaks == 0) {
    r.verdict = Verdict::kPass;
    r.message = "no secret in " + what + " (" + joined(tally.scanned) + ")";
    if (!tally.missing.empty()) r.message += "; not found, so not scanned: " + joined(tally.missing);
    return r;
  }
  r.verdict = Verdict::kFail;
  r.message = std::to_string(tally.leaks) + " leak(s) of a secret in " + what + ": " + r.seen + not_read;
  r.hint = hint;
  return r;
}

CheckResult judge_scans(const CheckInput& input, const std::string& id, const std::string& where,
                        const std::string& what, const std::string& expected, const std::string& hint) {
  CheckResult r;
  r.id = id;
  r.expected = expected;
  Tally tally;
  read_scans(input, where, r, tally);
  if (tally.scanned.empty()) {
    return skipped_check(id, "nothing was scanned for " + what + (tally.missing.empty()
                                 ? " (no cldcert.scan_secrets where=" + where + " step, or the manifest declares no scan." + where + ")"
                                 : "; declared but not found: " + joined(tally.missing)));
  }
  return conclude_scan(std::move(r), tally, what, hint);
}

}  // namespace

CheckResult check_secret_source(const CheckInput& input) {
  return judge_scans(input, "secret.source", "source", "the source tree",
                     "no API secret, in any encoding, and no Cloudinary credential in the files of scan.source",
                     "Remove it and rotate the secret; read credentials at run time (CLOUDINARY_URL, the platform's "
                     "secret store), never from a file in the repository.");
}

CheckResult check_secret_history(const CheckInput& input) {
  return judge_scans(input, "secret.history", "history", "the git history",
                     "no API secret in any commit of the repositories of scan.history",
                     "Remove it and rotate the secret: a secret in history stays public, even after a later commit "
                     "deletes the file (rewriting history does not recall the clones already made).");
}

CheckResult check_secret_artifact(const CheckInput& input) {
  return judge_scans(input, "secret.artifact", "artifacts", "the shipped artifacts",
                     "no API secret in any file of scan.artifacts, inside archives and bundles included",
                     "Rebuild the artifact without it and rotate the secret: the release package must not carry a "
                     "configuration file or a bundle with credentials (not even base64-encoded).");
}

CheckResult check_secret_logs(const CheckInput& input) {
  CheckResult r;
  r.id = "secret.logs";
  r.expected = "no API secret in the log files of scan.logs nor in anything a step printed on stdout or stderr";
  Tally tally;
  read_scans(input, "logs", r, tally);
  std::size_t outputs = 0;
  for (const auto& step : input.steps) {
    if (step.action.starts_with("cldcert.")) continue;
    ++outputs;
    for (const auto& leak : step.output_leaks) {
      add_leak(r, tally, step_evidence(step, leak.stream + ":" + std::to_string(leak.line) + ":" +
                                                 std::to_string(leak.column) + " " + leak.rule + ": " + leak.excerpt));
    }
  }
  if (outputs > 0) tally.scanned.push_back("the output of " + std::to_string(outputs) + " step(s)");
  if (tally.scanned.empty()) return skipped_check(r.id, "no log file was scanned and no integration step ran");
  return conclude_scan(std::move(r), tally, "the logs",
                       "Remove it and rotate the secret; never log CLOUDINARY_URL or api_secret (log the cloud name "
                       "and API key instead): logs are shared in bug reports and collected by hosting platforms.");
}

}  // namespace cldcert
