#include "harness/checks/ratelimit_checks.h"

#include <cstdio>
#include <optional>
#include <regex>

#include "mocks/http_types.h"
#include "mocks/utc_time.h"

namespace cldcert {
namespace {

bool retryable(int status) {
  return status == 420 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

double ended_ms(const mock::JournalEntry& e) { return static_cast<double>(e.started_unix_ms) + e.duration_ms; }

std::string seconds(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", ms / 1000.0);
  return buf;
}

// When the refusal asked to be retried, in Unix ms: its Retry-After (seconds or an HTTP date), or a
// rate limit's X-FeatureRateLimit-Reset (when Cloudinary's quota resets); nullopt if it named no time.
std::optional<double> retry_at_ms(const mock::JournalEntry& refusal) {
  std::string retry_after(mock::header_value(refusal.response_headers, "Retry-After"));
  if (!retry_after.empty() && retry_after.size() <= 9 &&
      retry_after.find_first_not_of("0123456789") == std::string::npos) {
    return ended_ms(refusal) + std::stod(retry_after) * 1000;
  }
  if (auto at = mock::parse_http_date(retry_after)) return static_cast<double>(*at) * 1000;
  if (refusal.status == 420 || refusal.status == 429) {
    if (auto at = mock::parse_http_date(mock::header_value(refusal.response_headers, "X-FeatureRateLimit-Reset"))) {
      return static_cast<double>(*at) * 1000;
    }
  }
  return std::nullopt;
}

// The retry waited at least as long as the refusal before it asked.
bool honours(const mock::JournalEntry& refusal, const mock::JournalEntry& retry) {
  auto at = retry_at_ms(refusal);
  return at && static_cast<double>(retry.started_unix_ms) + kWaitSlackMs >= *at;
}

// The message of a Cloudinary error body ({"error":{"message":…}}), or "".
std::string error_message(const mock::JournalEntry& refusal) {
  auto body = nlohmann::json::parse(refusal.response_body, nullptr, false);
  if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) return "";
  const auto& message = body["error"].value("message", nlohmann::json());
  return message.is_string() ? message.get<std::string>() : "";
}

bool output_has(const StepRecord& step, const std::string& text) {
  return step.stderr_text.find(text) != std::string::npos || step.stdout_text.find(text) != std::string::npos;
}

// One request refused and the attempts that followed it to the same endpoint.
struct RetryRun {
  std::vector<const mock::JournalEntry*> attempts;
};

// The step told its user about the condition: in its own words, or passing on the message of one
// of the refusals (whatever the server wrote, so the check depends on no wording of the mock's).
bool surfaced(const StepRecord& step, const RetryRun& run) {
  static const std::regex kWords(
      R"(rate.?limit|\b4(20|29)\b|\b50[0234]\b|too many|unavailable|retry|retrying|try again)", std::regex::icase);
  if (std::regex_search(step.stderr_text, kWords) || std::regex_search(step.stdout_text, kWords)) return true;
  for (const auto* attempt : run.attempts) {
    if (!retryable(attempt->status)) continue;
    if (std::string message = error_message(*attempt); message.size() >= 4 && output_has(step, message)) return true;
  }
  return false;
}

std::vector<RetryRun> retry_runs(const std::vector<const mock::JournalEntry*>& requests) {
  std::vector<RetryRun> runs;
  std::vector<bool> used(requests.size(), false);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (used[i] || !retryable(requests[i]->status)) continue;
    RetryRun run{{requests[i]}};
    used[i] = true;
    for (std::size_t j = i + 1; j < requests.size() && retryable(run.attempts.back()->status); ++j) {
      if (used[j] || requests[j]->method != requests[i]->method || requests[j]->path != requests[i]->path) continue;
      run.attempts.push_back(requests[j]);
      used[j] = true;
    }
    runs.push_back(std::move(run));
  }
  return runs;
}

// Why the retries of `run` are no backoff, or "" when they are: the first retry not hammering, no
// wait shorter than the one before, a bounded number of attempts, and waits that grow, except
// where a wait is the one the refusal asked for.
std::string backoff_problem(const RetryRun& run, std::string& waits) {
  const auto& first = *run.attempts.front();
  std::string why;
  double previous_gap = -1, first_gap = -1, last_gap = -1;
  bool any_asked = false;
  for (std::size_t i = 1; i < run.attempts.size(); ++i) {
    const auto& refusal = *run.attempts[i - 1];
    const auto& retry = *run.attempts[i];
    double gap = static_cast<double>(retry.started_unix_ms) - ended_ms(refusal);
    waits += (waits.empty() ? "" : ", ") + seconds(gap);
    const bool asked = honours(refusal, retry);
    any_asked = any_asked || asked;
    if (i == 1) first_gap = gap;
    last_gap = gap;
    if (why.empty() && !asked) {
      if (i == 1 && gap < kMinFirstRetryMs) {
        why = "retried " + seconds(gap) + " after HTTP " + std::to_string(first.status);
      } else if (previous_gap >= 0 && gap + kWaitSlackMs < previous_gap) {
        why = "waited less before retry " + std::to_string(i) + " than before retry " + std::to_string(i - 1);
      }
    }
    previous_gap = gap;
  }
  const std::size_t retries = run.attempts.size() - 1;
  if (why.empty() && run.attempts.size() > kMaxAttempts) {
    why = "sent " + std::to_string(run.attempts.size()) + " attempts of " + first.method + " " + first.path;
  } else if (why.empty() && retries >= 2 && !any_asked && last_gap <= first_gap + kWaitSlackMs) {
    why = "retried " + std::to_string(retries) + " times, never waiting longer than before the first";
  }
  return why;
}

}  // namespace

CheckResult check_ratelimit_backoff(const CheckInput& input) {
  Findings f("after a 420/429/5xx: retries that wait ≥ " + seconds(kMinFirstRetryMs) +
             " and longer each time (or as long as the refusal asked), at most " + std::to_string(kMaxAttempts) +
             " attempts, and a message telling the user; or, without retrying, a failed step that says why");
  std::size_t total = 0;
  for (const auto& step : input.steps) {
    std::vector<const mock::JournalEntry*> requests;
    for (const auto* e : step_requests(step, input.journal)) {
      if (is_api_request(*e)) requests.push_back(e);
    }
    for (const auto& run : retry_runs(requests)) {
      ++total;
      const auto& first = *run.attempts.front();
      std::string waits;
      std::string why = backoff_problem(run, waits);
      const bool gave_up = retryable(run.attempts.back()->status);
      if (why.empty() && gave_up && step.exit_code == 0) {
        why = "gave up after HTTP " + std::to_string(run.attempts.back()->status) + " yet exited 0";
      } else if (why.empty() && !surfaced(step, run)) {
        why = "said nothing about HTTP " + std::to_string(first.status) + " (no rate limit, retry or error message)";
      }
      if (why.empty()) continue;
      why +=
          " (" + std::to_string(run.attempts.size()) + " attempt(s)" + (waits.empty() ? "" : ", waits " + waits) + ")";
      // Every attempt is evidence: the timeline of the run is the finding.
      std::vector<Evidence> attempts;
      for (const auto* e : run.attempts)
        attempts.push_back(request_in_step(*e, step, "HTTP " + std::to_string(e->status)));
      if (f.add(step_ref(step) + " " + why, std::move(attempts))) {
        f.closest("retries after 0.5 s, 1 s, 2 s, 4 s, then an error naming the rate limit");
      }
    }
  }
  if (total == 0) return skipped_check("no request was refused with 420, 429 or 5xx in this scenario");
  return f.conclude(total, "refused request(s)", "each retried with backoff or given up, and reported",
                    "were not handled with backoff",
                    "On 420/429 wait until X-FeatureRateLimit-Reset (or Retry-After), on 5xx back off exponentially "
                    "(0.5 s, 1 s, 2 s, …), stop after a few attempts, and tell the user the request was rate limited; "
                    "an integration that does not retry must fail the action with a message that says why.");
}

}  // namespace cldcert
