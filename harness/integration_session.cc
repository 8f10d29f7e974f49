#include "harness/integration_session.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "mocks/bounded_json.h"

namespace cldcert {
namespace {

using Clock = std::chrono::steady_clock;

// What a record keeps of a session's output between two steps, per stream (the tail); the leak
// scan sees all of it.
constexpr std::size_t kMaxPendingBytes = 4 << 20;
// An answer line longer than this is no answer: a session printing without newlines must not grow
// cldcert's memory.
constexpr std::size_t kMaxLineBytes = 1 << 20;

void append_bounded(std::string& to, std::string_view piece) {
  to.append(piece);
  if (to.size() > kMaxPendingBytes) to.erase(0, to.size() - kMaxPendingBytes);
}

std::string tail(const std::string& text, std::size_t n) {
  return text.size() <= n ? text : "…" + text.substr(text.size() - n);
}

}  // namespace

IntegrationSession::IntegrationSession(ProcessSpec spec, std::vector<std::string> secrets)
    : leak_scan_(std::make_unique<OutputLeakScan>(secrets)), secrets_(std::move(secrets)) {
  // A socket rather than a pipe: send() with MSG_NOSIGNAL tells us of a session that closed its
  // stdin without a SIGPIPE taking cldcert down, and shutdown() ends its input whoever else holds it.
  int ends[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
    ended_ = true;
    result_.spawn_failed = true;
    result_.spawn_error = "socketpair: " + std::string(std::strerror(errno));
    return;
  }
  stdin_write_ = ends[0];
  const int child_stdin = ends[1];
  spec.stdin_fd = child_stdin;
  spec.stop = &stop_requested_;
  spec.timeout = std::chrono::milliseconds(0);
  spec.max_output_bytes = 64 << 10;  // this class keeps the output per step; the runner's copy is only for the end
  spec.on_output = [this](OutputStream stream, std::string_view piece) { on_output(stream, piece); };
  thread_ = std::thread([this, spec = std::move(spec), child_stdin] {
    ProcessResult result = run_process(spec);
    ::close(child_stdin);
    std::lock_guard lock(mu_);
    result_ = std::move(result);
    ended_ = true;
    changed_.notify_all();
  });
}

IntegrationSession::~IntegrationSession() { stop(std::chrono::milliseconds(0)); }

std::uint64_t IntegrationSession::send(nlohmann::json command, std::chrono::milliseconds timeout) {
  std::uint64_t id;
  {
    std::lock_guard lock(mu_);
    id = next_id_++;
  }
  command["id"] = id;
  const std::string line = command.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  const auto deadline = Clock::now() + timeout;
  std::size_t sent = 0;
  while (sent < line.size() && stdin_write_ >= 0) {
    ssize_t n = ::send(stdin_write_, line.data() + sent, line.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0 || ended()) break;
      pollfd fd{stdin_write_, POLLOUT, 0};
      ::poll(&fd, 1, static_cast<int>(std::min<long long>(left.count(), 100)));
      continue;
    }
    break;  // EPIPE: it closed its stdin; wait() reports that it never answered
  }
  return id;
}

SessionAnswer IntegrationSession::wait(std::uint64_t id, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  changed_.wait_for(lock, timeout, [&] { return answers_.count(id) || ended_; });
  SessionAnswer out;
  if (auto it = answers_.find(id); it != answers_.end()) {
    out.kind = SessionAnswer::Kind::kAnswered;
    out.answer = std::move(it->second.first);
    out.line = std::move(it->second.second);
    answers_.erase(it);
    return out;
  }
  if (!ended_) {
    out.kind = SessionAnswer::Kind::kTimedOut;
    return out;
  }
  out.kind = SessionAnswer::Kind::kEnded;
  lock.unlock();
  out.ended = how_it_ended();
  return out;
}

SessionOutput IntegrationSession::take_output() {
  std::lock_guard lock(mu_);
  SessionOutput out = std::move(pending_);
  pending_ = {};
  out.leaks = leak_scan_->finish();
  leak_scan_ = std::make_unique<OutputLeakScan>(secrets_);
  return out;
}

ProcessResult IntegrationSession::stop(std::chrono::milliseconds grace) {
  if (stdin_write_ >= 0) {
    ::shutdown(stdin_write_, SHUT_WR);
    auto flush_partial_line = [this] {
      std::lock_guard lock(mu_);
      if (!partial_line_.empty()) append_bounded(pending_.stdout_text, partial_line_);
      partial_line_.clear();
    };
    {
      std::unique_lock lock(mu_);
      changed_.wait_for(lock, grace, [&] { return ended_; });
    }
    stop_requested_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(stdin_write_);
    stdin_write_ = -1;
    flush_partial_line();  // a last line without its newline is still its log
  }
  std::lock_guard lock(mu_);
  return result_;
}

bool IntegrationSession::ended() const {
  std::lock_guard lock(mu_);
  return ended_;
}

std::string IntegrationSession::how_it_ended() const {
  std::lock_guard lock(mu_);
  if (!ended_) return "still running";
  if (result_.spawn_failed) return "could not start: " + result_.spawn_error;
  std::string how = result_.term_signal ? "was killed by signal " + std::to_string(result_.term_signal)
                                        : "exited with " + std::to_string(result_.exit_code);
  if (!result_.stderr_text.empty()) how += "; stderr: " + tail(result_.stderr_text, 400);
  return how;
}

void IntegrationSession::on_output(OutputStream stream, std::string_view piece) {
  std::lock_guard lock(mu_);
  leak_scan_->feed(stream, piece);
  if (stream == OutputStream::kStderr) {
    append_bounded(pending_.stderr_text, piece);
    return;
  }
  // Whole lines: an answer goes to its step, anything else is the log. A line too long to be an
  // answer goes to the log as it comes.
  while (!piece.empty()) {
    auto newline = piece.find('\n');
    std::string_view part = piece.substr(0, newline);
    if (line_too_long_) {
      append_bounded(pending_.stdout_text, part);
    } else {
      partial_line_.append(part);
      if (partial_line_.size() > kMaxLineBytes) {
        line_too_long_ = true;
        append_bounded(pending_.stdout_text, partial_line_);
        partial_line_.clear();
      }
    }
    if (newline == std::string_view::npos) break;
    if (line_too_long_ || !take_line(partial_line_)) append_bounded(pending_.stdout_text, partial_line_ + "\n");
    partial_line_.clear();
    line_too_long_ = false;
    piece.remove_prefix(newline + 1);
  }
  changed_.notify_all();
}

bool IntegrationSession::take_line(std::string_view line) {
  auto first = line.find_first_not_of(" \t\r");
  if (first == std::string_view::npos || line[first] != '{') return false;
  mock::ParsedJson parsed = mock::parse_json_text(line);
  if (!parsed.error.empty() || !parsed.doc.is_object()) return false;
  auto id = parsed.doc.find("id");
  if (id == parsed.doc.end() || !id->is_number_unsigned()) return false;
  // Only an answer to a command sent and not yet answered: a log line that happens to hold an
  // "id" must not stand in for the real answer.
  std::uint64_t value = id->get<std::uint64_t>();
  if (value == 0 || value >= next_id_ || answered_.count(value)) return false;
  answered_.insert(value);
  answers_[value] = {std::move(parsed.doc), std::string(line) + "\n"};
  return true;
}

}  // namespace cldcert
