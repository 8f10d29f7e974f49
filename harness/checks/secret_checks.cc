#include "harness/checks/secret_checks.h"

#include <algorithm>

#include "harness/checks/widget_checks.h"
#include "harness/scan/scanner.h"
#include "mocks/redactor.h"
#include "mocks/text.h"

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

// What the scans covered; their leaks are the findings.
struct Tally {
  std::vector<std::string> scanned, missing, unread;
};

void add_leak(Findings& f, Evidence evidence) {
  const std::string seen = evidence.ref + " " + evidence.detail;
  f.add(seen, std::move(evidence));
}

// Every cldcert.scan_secrets step for `where`: what it scanned, and one finding per leak.
void read_scans(const CheckInput& input, const std::string& where, Findings& findings, Tally& tally) {
  for (const auto& step : input.steps) {
    if (step.action != "cldcert.scan_secrets" || step_arg(step, "where") != where || !step.last_json.is_object())
      continue;
    for (const char* list : {"scanned", "missing", "unread"}) {
      auto& into = std::string(list) == "scanned"   ? tally.scanned
                   : std::string(list) == "missing" ? tally.missing
                                                    : tally.unread;
      for (const auto& p : step.last_json.value(list, json::array()))
        into.push_back(p.is_string() ? p.get<std::string>() : p.dump());
    }
    for (const auto& f : step.last_json.value("findings", json::array())) {
      if (!f.is_object()) continue;
      std::string commit = text_at(f, "commit");
      std::string detail = text_at(f, "rule") + ": " + text_at(f, "excerpt");
      if (!commit.empty()) detail += " (commit " + commit.substr(0, 12) + ")";
      add_leak(
          findings,
          Evidence{"file", text_at(f, "file") + ":" + number_at(f, "line") + ":" + number_at(f, "column"), detail});
    }
  }
}

CheckResult conclude_scan(Findings& f, const Tally& tally, const std::string& what, const std::string& hint) {
  const std::string not_read =
      tally.unread.empty() ? "" : "; could not be read, so not scanned: " + text::join(tally.unread, ", ");
  if (f.bad() == 0 && !tally.unread.empty()) {
    // A scan that missed part of its input cannot say there is no secret in it.
    return f.error("the scan of " + what + " is incomplete" + not_read,
                   "Make every declared path a readable folder or regular file (no FIFO, socket or device; archives "
                   "under the scanner's size limit), then run again.");
  }
  if (f.bad() == 0) {
    return f.pass("no secret in " + what + " (" + text::join(tally.scanned, ", ") + ")" +
                  (tally.missing.empty() ? "" : "; not found, so not scanned: " + text::join(tally.missing, ", ")));
  }
  return f.fail(std::to_string(f.bad()) + " leak(s) of a secret in " + what + ": " + f.seen() + not_read, hint);
}

CheckResult judge_scans(const CheckInput& input, const std::string& where, const std::string& what,
                        const std::string& expected, const std::string& hint) {
  Findings f(expected);
  Tally tally;
  read_scans(input, where, f, tally);
  if (tally.scanned.empty()) {
    return skipped_check("nothing was scanned for " + what +
                         (tally.missing.empty() ? " (no cldcert.scan_secrets where=" + where +
                                                      " step, or the manifest declares no scan." + where + ")"
                                                : "; declared but not found: " + text::join(tally.missing, ", ")));
  }
  return conclude_scan(f, tally, what, hint);
}

}  // namespace

CheckResult check_secret_source(const CheckInput& input) {
  return judge_scans(input, "source", "the source tree",
                     "no API secret, in any encoding, and no Cloudinary credential in the files of scan.source",
                     "Remove it and rotate the secret; read credentials at run time (CLOUDINARY_URL, the platform's "
                     "secret store), never from a file in the repository.");
}

CheckResult check_secret_history(const CheckInput& input) {
  return judge_scans(input, "history", "the git history",
                     "no API secret in any commit of the repositories of scan.history",
                     "Remove it and rotate the secret: a secret in history stays public, even after a later commit "
                     "deletes the file (rewriting history does not recall the clones already made).");
}

CheckResult check_secret_artifact(const CheckInput& input) {
  return judge_scans(input, "artifacts", "the shipped artifacts",
                     "no API secret in any file of scan.artifacts, inside archives and bundles included",
                     "Rebuild the artifact without it and rotate the secret: the release package must not carry a "
                     "configuration file or a bundle with credentials (not even base64-encoded).");
}

CheckResult check_secret_logs(const CheckInput& input) {
  Findings f("no API secret in the log files of scan.logs nor in anything a step printed on stdout or stderr");
  Tally tally;
  read_scans(input, "logs", f, tally);
  std::size_t outputs = 0;
  for (const auto& step : input.steps) {
    if (step.action.starts_with("cldcert.")) continue;
    ++outputs;
    for (const auto& leak : step.output_leaks) {
      add_leak(f, step_evidence(step, leak.stream + ":" + std::to_string(leak.line) + ":" +
                                          std::to_string(leak.column) + " " + leak.rule + ": " + leak.excerpt));
    }
  }
  if (outputs > 0) tally.scanned.push_back("the output of " + std::to_string(outputs) + " step(s)");
  if (tally.scanned.empty()) return skipped_check("no log file was scanned and no integration step ran");
  return conclude_scan(f, tally, "the logs",
                       "Remove it and rotate the secret; never log CLOUDINARY_URL or api_secret (log the cloud name "
                       "and API key instead): logs are shared in bug reports and collected by hosting platforms.");
}

CheckResult check_secret_client_side(const CheckInput& input) {
  Findings f(
      "the API secret nowhere in a page, its scripts and responses, its DOM, storage, cookies or widget options");
  std::size_t places = 0;
  auto look = [&](const StepRecord& step, const std::string& place, const std::string& text) {
    ++places;
    if (auto at = mock::redacted_secret_at(text); at != std::string::npos) {
      auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
      f.add(step, nullptr,
            "has the API secret in " + place + " at line " + std::to_string(line) + " (shown as " +
                std::string(mock::kRedacted) + " in the evidence)");
      return;
    }
    for (const auto& finding : scan::scan_text(place, text, input.redactor.secrets())) {
      if (!finding.rule.starts_with("known-secret")) continue;  // only this run's secrets, not look-alikes
      f.add(step, nullptr,
            "has the API secret in " + place + " at line " + std::to_string(finding.line) + " (" + finding.rule +
                "): " + finding.excerpt);
      break;
    }
  };
  bool any = false;
  for (const auto& step : input.steps) {
    if (!is_browse(step)) continue;
    any = true;
    for (const auto& page : step.last_json["pages"]) {
      std::string url = page.value("url", "");
      look(step, "the HTML of " + url, page.value("html", ""));
      look(step, "the DOM after scripts ran on " + url, page.value("dom", ""));
      look(step, "localStorage of " + url, page.value("local_storage", json::object()).dump());
      look(step, "sessionStorage of " + url, page.value("session_storage", json::object()).dump());
      look(step, "the widget options of " + url, page.value("calls", json::array()).dump());
      for (const auto& response : page.value("responses", json::array())) {
        if (response.contains("body") && response["body"].is_string()) {
          look(step, "the response " + response.value("url", "") + " loaded by " + url,
               response["body"].get<std::string>());
        }
      }
    }
    look(step, "the browser's cookies", step.last_json.value("cookies", json::array()).dump());
  }
  if (!any) return skipped_check("no widget page was opened in this scenario");
  return f.conclude(places, "place(s) in the browser", "none holds the API secret", "hold the API secret",
                    "Keep api_secret on the server: sign on the back end and hand the page only cloud name, API key, "
                    "timestamps and signatures.");
}

}  // namespace cldcert
