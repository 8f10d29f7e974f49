#include "harness/manifest_lines.h"

#include <algorithm>

#include "mocks/text.h"

namespace cldcert {
namespace {

// Walks the JSON text far enough to tell keys from values, strings from structure: no values are
// decoded, only the keys' raw spelling kept (an action name has no escapes).
class Walker {
 public:
  explicit Walker(std::string_view text) : text_(text) {}

  std::map<std::string, long> actions() {
    std::map<std::string, long> lines;
    int depth = 0;
    int actions_depth = -1;  // the depth inside "actions", once found
    std::string key;
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c == '"') {
        const std::size_t start = at_;
        const std::string raw = string();
        skip_space();
        if (at_ < text_.size() && text_[at_] == ':') {
          if (depth == actions_depth) lines[raw] = line_of(start);
          key = raw;
        }
        continue;
      }
      if (c == '{' || c == '[') {
        ++depth;
        if (c == '{' && depth == 2 && key == "actions" && actions_depth < 0) actions_depth = depth;
      } else if (c == '}' || c == ']') {
        if (depth == actions_depth) return lines;
        --depth;
      }
      if (c == ',' || c == '{' || c == '[') key.clear();
      ++at_;
    }
    return lines;
  }

 private:
  // The string at at_ (its raw bytes between the quotes); at_ moves past it.
  std::string string() {
    std::string raw;
    for (++at_; at_ < text_.size() && text_[at_] != '"'; ++at_) {
      if (text_[at_] == '\\' && at_ + 1 < text_.size()) raw.push_back(text_[at_++]);
      raw.push_back(text_[at_]);
    }
    ++at_;
    return raw;
  }
  void skip_space() {
    while (at_ < text_.size() && text::kWhitespace.find(text_[at_]) != std::string_view::npos) ++at_;
  }
  long line_of(std::size_t offset) const {
    return 1 + static_cast<long>(std::count(text_.begin(), text_.begin() + static_cast<long>(offset), '\n'));
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

std::map<std::string, long> action_lines(std::string_view manifest_text) { return Walker(manifest_text).actions(); }

}  // namespace cldcert
