#include "harness/checks/ratelimit_checks.h"

#include <cstdio>
#include <regex>

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

// The step told its user about the condition, in its own words.
bool surfaced(const StepRecord& step) {
  static const std::regex kWords(
      R"(rate.?limit|\b4(20|29)\b|\b50[0234]\b|too many|unavailable|retry|retrying|try again)", std::regex::icase);
  return std::regex_search(step.stderr_text, kWords) || std::regex_search(step.stdout_text, kWords);
}

// One request refused and the attempts that followed it to the same endpoint.
struct RetryRun {
  std::vector<const mock::JournalEntry*> attempts;
};

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

}  // namespace

CheckResult check_ratelimit_backoff(const CheckInput& input) {
  Findings f("after a 420/429/5xx: a first retry ≥ " + seconds(kMinFirstRetryMs) + " later, growing waits, at most " +
             std::to_string(kMaxAttempts) + " attempts, and a message telling the user");
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
      std::string why;
      double previous_gap = -1;
      for (std::size_t i = 1; i < run.attempts.size(); ++i) {
        double gap = static_cast<double>(run.attempts[i]->started_unix_ms) - ended_ms(*run.attempts[i - 1]);
        waits += (waits.empty() ? "" : ", ") + seconds(gap);
        if (!why.empty()) continue;
        if (i == 1 && gap < kMinFirstRetryMs) {
          why = "retried " + seconds(gap) + " after HTTP " + std::to_string(first.status);
        } else if (previous_gap >= 0 && gap + 50 < previous_gap) {
          why = "waited less before retry " + std::to_string(i) + " than before retry " + std::to_string(i - 1);
        }
        previous_gap = gap;
      }
      const bool gave_up = retryable(run.attempts.back()->status);
      if (why.empty() && run.attempts.size() > kMaxAttempts) {
        why = "sent " + std::to_string(run.attempts.size()) + " attempts of " + first.method + " " + first.path;
      } else if (why.empty() && gave_up && step.exit_code == 0) {
        why = "gave up after HTTP " + std::to_string(run.attempts.back()->status) + " yet exited 0";
      } else if (why.empty() && !surfaced(step)) {
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
  return f.conclude(total, "refused request(s)", "each retried with backoff and reported",
                    "were not handled with backoff",
                    "On 420/429 wait until X-FeatureRateLimit-Reset (or Retry-After), on 5xx back off exponentially "
                    "(0.5 s, 1 s, 2 s, …), stop after a few attempts, and tell the user the request was rate limited.");
}

}  // namespace cldcert
