#include "mocks/bounded_json.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "mocks/json_problems.h"

namespace cldcert::mock {

using nlohmann::json;

// nlohmann's byte is the 1-based offset of the last character read, i.e. the
// offending one (or one past the end at end of input).
std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t byte) {
  std::size_t offset = std::min(byte > 0 ? byte - 1 : 0, text.size());
  std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
  std::size_t line_start = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  return {line, offset - line_start + 1};
}

namespace {

// The reason without nlohmann's "[json.exception...] parse error at ..."
// prefix, and without its "last read" excerpt, which may quote a secret.
std::string parse_reason(const std::string& what) {
  std::string reason = what;
  if (auto column = reason.find("column "); column != std::string::npos) {
    if (auto colon = reason.find(": ", column); colon != std::string::npos) reason = reason.substr(colon + 2);
  }
  if (auto last_read = reason.find("; last read:"); last_read != std::string::npos) { reason.resize(last_read); }
  return reason;
}

// Thrown from the parser callback to stop parsing at once; never leaves this file.
struct Refusal {
  std::string message;
  JsonProblem problem;
};

std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

bool within_integer_range(double value) {
  constexpr double kTwoTo63 = 9223372036854775808.0;
  return std::isfinite(value) && value < kTwoTo63 && value >= -kTwoTo63;
}

// Follows the parser's events to know the depth and the JSON pointer of the
// current position; the stack is never deeper than kMaxJsonNesting.
class NestingGuard {
 public:
  explicit NestingGuard(DuplicateKeys duplicates) : duplicates_(duplicates) {}

  bool on_event(int depth, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (depth + 1 > kMaxJsonNesting) {
          throw Refusal{"JSON nested deeper than " + std::to_string(kMaxJsonNesting) + " levels",
                        JsonProblem::kTooDeep};
        }
        frames_.push_back(Frame{event == json::parse_event_t::object_start, {}, 0, {}});
        break;
      case json::parse_event_t::key: {
        Frame& top = frames_.back();
        top.key = parsed.get<std::string>();
        if (duplicates_ == DuplicateKeys::kRefuse && !top.keys.insert(top.key).second) {
          throw Refusal{pointer() + ": duplicate key " + json_shown(json(top.key)), JsonProblem::kDuplicateKey};
        }
        break;
      }
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        frames_.pop_back();
        element_done();
        break;
      case json::parse_event_t::value:
        // A float is read into integer fields as a static_cast, undefined behaviour beyond the
        // target's range; an integer literal too long for 64 bits arrives here as a float too.
        if (parsed.is_number_float() && !within_integer_range(parsed.get<double>())) {
          throw Refusal{pointer() + ": number beyond the 64-bit integer range", JsonProblem::kNumberOutOfRange};
        }
        element_done();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool is_object;
    std::string key;
    std::size_t index;
    std::set<std::string> keys;
  };

  void element_done() {
    if (!frames_.empty() && !frames_.back().is_object) ++frames_.back().index;
  }

  std::string pointer() const {
    std::string out;
    for (const auto& frame : frames_) {
      out += '/';
      out += frame.is_object ? pointer_token(frame.key) : std::to_string(frame.index);
    }
    return out;
  }

  DuplicateKeys duplicates_;
  std::vector<Frame> frames_;
};

}  // namespace

ParsedJson parse_json_text(std::string_view text, DuplicateKeys duplicates) {
  ParsedJson out;
  NestingGuard guard(duplicates);
  try {
    out.doc = json::parse(text.begin(), text.end(), [&guard](int depth, json::parse_event_t event, json& parsed) {
      return guard.on_event(depth, event, parsed);
    });
  } catch (const Refusal& refusal) {
    out.doc = nullptr;
    out.error = refusal.message;
    out.problem = refusal.problem;
  } catch (const json::parse_error& e) {
    auto [line, column] = line_and_column(text, e.byte);
    out.doc = nullptr;
    out.problem = JsonProblem::kSyntax;
    out.error = "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " +
                parse_reason(e.what());
  } catch (const json::exception& e) {
    out.doc = nullptr;
    out.problem = JsonProblem::kSyntax;
    out.error = "invalid JSON: " + parse_reason(e.what());
  }
  return out;
}

}  // namespace cldcert::mock
