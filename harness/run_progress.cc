#include "harness/run_progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "harness/terminal_text.h"
#include "mocks/text.h"

namespace cldcert {
namespace {

// A status line longer than a terminal's width would wrap, and "\r" would redraw only its end.
constexpr std::size_t kStatusWidth = 100;

std::string elapsed(std::chrono::steady_clock::duration d) {
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  return s < 120 ? std::to_string(s) + " s" : std::to_string(s / 60) + " min " + std::to_string(s % 60) + " s";
}

// The terminal's columns less one (a line filling the last column wraps on some terminals); 100 when
// stderr says none.
std::size_t status_width() {
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1) return size.ws_col - 1;
  return kStatusWidth;
}

}  // namespace

std::string fit_status_line(const std::string& text, std::size_t columns) {
  // Characters, not bytes: "·" and "…" are two and three bytes of UTF-8, and a cut inside one would
  // print a broken character.
  std::size_t characters = 0, cut = text.size();
  for (std::size_t at = 0; at < text.size(); ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) continue;  // inside a character
    if (characters == columns - std::min<std::size_t>(columns, 3)) cut = std::min(cut, at);
    if (++characters > columns) return text.substr(0, cut) + "...";
  }
  return text;
}

ProgressBoard& ProgressBoard::of_this_run() {
  static ProgressBoard board;
  return board;
}

void ProgressBoard::started(const std::string& scenario) {
  std::lock_guard lock(mutex_);
  running_.push_back({{scenario, std::chrono::steady_clock::now(), ""}, nullptr});
}

void ProgressBoard::receives(const std::string& scenario, ByteCounter counter) {
  std::lock_guard lock(mutex_);
  for (auto& r : running_) {
    if (r.scenario.id == scenario) r.counter = counter;
  }
}

void ProgressBoard::step(const std::string& scenario, std::size_t number, std::size_t count,
                         const std::string& action) {
  std::lock_guard lock(mutex_);
  for (auto& r : running_) {
    if (r.scenario.id == scenario)
      r.scenario.step = std::to_string(number) + "/" + std::to_string(count) + " " + action;
  }
}

void ProgressBoard::finished(const std::string& scenario) {
  std::lock_guard lock(mutex_);
  std::erase_if(running_, [&](const Entry& r) { return r.scenario.id == scenario; });
}

std::vector<RunningScenario> ProgressBoard::running() const {
  std::lock_guard lock(mutex_);
  std::vector<RunningScenario> out;
  for (const auto& r : running_) {
    out.push_back(r.scenario);
    if (r.counter) out.back().received = r.counter->load(std::memory_order_relaxed);
  }
  return out;
}

void ReceiveRate::measure(std::vector<RunningScenario>& running, std::chrono::steady_clock::time_point now) {
  std::map<std::string, Reading> readings;
  for (auto& r : running) {
    // The first reading is measured from the scenario's start (nothing received yet): a CI log's first
    // line, 30 s in, has a rate too.
    auto before = last_.find(r.id);
    const Reading from = before == last_.end() ? Reading{0, r.started} : before->second;
    const std::chrono::duration<double> seconds = now - from.at;
    r.bytes_per_second = seconds.count() > 0 && r.received >= from.bytes
                             ? static_cast<double>(r.received - from.bytes) / seconds.count()
                             : 0;
    readings[r.id] = {r.received, now};
  }
  last_ = std::move(readings);
}

std::string heartbeat_text(const std::vector<RunningScenario>& running, std::chrono::steady_clock::time_point now) {
  std::string text;
  for (const auto& r : running) {
    if (!text.empty()) text += " · ";
    std::string detail = r.step.empty() ? "" : "step " + r.step;
    if (r.received >= kShownReceived) {
      detail += (detail.empty() ? "" : "; ") + text::mebibytes(r.received) + " received";
      if (r.bytes_per_second >= 1) {
        detail += ", " + text::mebibytes(static_cast<std::uint64_t>(r.bytes_per_second)) + "/s";
      }
    }
    text += r.id + " " + elapsed(now - r.started) + (detail.empty() ? "" : " (" + detail + ")");
  }
  return text;
}

Heartbeat::Heartbeat(const ProgressBoard& board, std::ostream& out, bool terminal, std::mutex& print,
                     std::chrono::milliseconds terminal_every, std::chrono::milliseconds plain_every)
    : board_(board), out_(out), terminal_(terminal), print_(print), every_(terminal ? terminal_every : plain_every) {
  thread_ = std::thread([this] {
    std::unique_lock lock(stop_mutex_);
    while (!stop_signal_.wait_for(lock, every_, [this] { return stop_; })) beat();
  });
}

Heartbeat::~Heartbeat() {
  {
    std::lock_guard lock(stop_mutex_);
    stop_ = true;
  }
  stop_signal_.notify_all();
  thread_.join();
  std::lock_guard lock(print_);
  clear();
}

void Heartbeat::beat() {
  auto running = board_.running();
  const auto now = std::chrono::steady_clock::now();
  rate_.measure(running, now);
  std::lock_guard lock(print_);
  if (running.empty()) {
    clear();
    return;
  }
  // Scenario ids come from scenario files, which a user may write: escaped for the terminal.
  std::string text = terminal_text(heartbeat_text(running, now));
  if (terminal_) {
    text = fit_status_line(text, status_width());
    out_ << "\r\033[K… " << text << std::flush;
    shown_ = true;
  } else {
    out_ << "cldcert run: still running: " << text << std::endl;
  }
}

void Heartbeat::clear() {
  if (!shown_) return;
  out_ << "\r\033[K" << std::flush;
  shown_ = false;
}

bool progress_terminal() {
  const char* term = std::getenv("TERM");
  return ::isatty(STDERR_FILENO) == 1 && !(term && std::string_view(term) == "dumb");
}

}  // namespace cldcert
